import type { AppError } from '../../lambdas/core/errors.ts';
import {
  DOWNLOAD_URL_TTL_SECONDS,
  originalKey,
  previewKey,
  thumbnailKey,
} from '../../lambdas/core/upload-policy.ts';
import { getGallery } from '../../lambdas/core/use-cases/get-gallery.ts';
import {
  FakeUrlSigner,
  InMemoryAlbums,
  InMemoryPhotos,
  ManualClock,
  newId,
} from '../fakes/in-memory-ports.ts';

const ana = newId();
const bob = newId();

const signed = (key: string) =>
  `${FakeUrlSigner.origin}/${key}?method=GET&expires=${DOWNLOAD_URL_TTL_SECONDS}`;

function setup() {
  const clock = new ManualClock('2026-05-01T08:00:00.000Z');
  const photos = new InMemoryPhotos({ clock });
  const albums = new InMemoryAlbums(photos, { clock });
  const deps = { gallery: albums, urls: new FakeUrlSigner() };

  async function readyPhoto(ownerId: string, name = 'IMG.jpg'): Promise<{ id: string; key: string }> {
    const id = newId();
    const key = originalKey(ownerId, id, 'image/jpeg');
    await photos.addAwaitingUpload([
      { id, ownerId, storageKey: key, originalFilename: name, contentType: 'image/jpeg', sizeBytes: 9 },
    ]);
    photos.recordAnalysis({
      imageId: id,
      previewKey: previewKey(key),
      thumbnailKey: thumbnailKey(key),
      width: 1024,
      height: 768,
      takenAt: null,
      place: null,
    });
    return { id, key };
  }

  function album(ownerId: string, title: string, imageIds: string[]) {
    clock.advance(60_000);
    return albums.insert({ ownerId, title, themeDescription: `About ${title}`, imageIds });
  }

  return { deps, photos, readyPhoto, album };
}

describe('getGallery', () => {
  it("returns the caller's albums, newest first, with their photos in order and signed URLs", async () => {
    const { deps, readyPhoto, album } = setup();
    const beach = await readyPhoto(ana, 'beach.jpg');
    const dunes = await readyPhoto(ana, 'dunes.jpg');
    const tram = await readyPhoto(ana, 'tram.jpg');
    const older = album(ana, 'Coast', [dunes.id, beach.id]);
    const newer = album(ana, 'Lisbon', [tram.id]);

    const gallery = await getGallery(deps, ana, ana);

    expect(gallery.map((entry) => [entry.id, entry.title, entry.coverImageId])).toEqual([
      [newer, 'Lisbon', tram.id],
      [older, 'Coast', dunes.id],
    ]);
    expect(gallery[1]).toMatchObject({ themeDescription: 'About Coast', createdAt: expect.any(Date) });
    expect(gallery[1]?.photos).toEqual([
      {
        id: dunes.id,
        storageKey: dunes.key,
        originalFilename: 'dunes.jpg',
        contentType: 'image/jpeg',
        width: 1024,
        height: 768,
        takenAt: null,
        takenAtSource: null,
        displayOrder: 0,
        url: signed(dunes.key),
        previewUrl: signed(previewKey(dunes.key)),
        thumbnailUrl: signed(thumbnailKey(dunes.key)),
      },
      expect.objectContaining({ id: beach.id, displayOrder: 1, url: signed(beach.key) }),
    ]);
  });

  it('hands out the preview for a photo organized before thumbnails existed', async () => {
    const { deps, photos, readyPhoto, album } = setup();
    const legacy = await readyPhoto(ana);
    Object.assign(photos.rows.get(legacy.id) as object, { thumbnailKey: null });
    album(ana, 'Old times', [legacy.id]);
    const [only] = await getGallery(deps, ana, ana);
    expect(only?.photos[0]).toMatchObject({
      url: signed(legacy.key),
      previewUrl: signed(previewKey(legacy.key)),
      thumbnailUrl: signed(previewKey(legacy.key)),
    });
  });

  it('keeps empty albums, and gives a user without albums an empty gallery', async () => {
    const { deps, album } = setup();
    expect(await getGallery(deps, ana, ana)).toEqual([]);
    const empty = album(ana, 'Emptied', []);
    expect(await getGallery(deps, ana, ana)).toEqual([
      expect.objectContaining({ id: empty, photos: [], coverImageId: null }),
    ]);
  });

  it("never shows anyone else's albums", async () => {
    const { deps, readyPhoto, album } = setup();
    album(bob, 'Bob only', [(await readyPhoto(bob)).id]);
    const anas = album(ana, 'Ana only', [(await readyPhoto(ana)).id]);
    expect((await getGallery(deps, ana, ana)).map((entry) => entry.id)).toEqual([anas]);
  });

  it("answers a request for another user's gallery exactly as one for a user who does not exist", async () => {
    const { deps, readyPhoto, album } = setup();
    album(bob, 'Private', [(await readyPhoto(bob)).id]);
    const summary = (error: AppError) => [error.constructor.name, error.code, error.status, error.message];
    const asked = await getGallery(deps, ana, bob).catch(summary);
    const invented = await getGallery(deps, ana, newId()).catch(summary);
    expect(asked).toEqual(['NotFoundError', 'not_found', 404, 'gallery not found']);
    expect(invented).toEqual(asked);
  });
});
