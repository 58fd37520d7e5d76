import { getPhotoInfo } from '../../lambdas/core/use-cases/photo-info.ts';
import {
  InMemoryAlbums,
  InMemoryPhotos,
  InMemoryTrash,
  ManualClock,
  newId,
} from '../fakes/in-memory-ports.ts';
import { outcome } from '../support/outcome.ts';

const ana = newId();
const bob = newId();

function setup() {
  const clock = new ManualClock();
  const photos = new InMemoryPhotos({ clock });
  const albums = new InMemoryAlbums(photos, { clock });
  const trash = new InMemoryTrash(photos, albums);

  const photo = (ownerId: string, { ready = true } = {}) =>
    photos.addTestPhoto(ownerId, {
      originalFilename: 'IMG_0042.jpg',
      sizeBytes: 2_400_000,
      takenAt: new Date('2026-05-12T09:30:00Z'),
      place: { city: 'Porto', country: 'Portugal' },
      ready,
    });

  function album(ownerId: string, title: string, imageIds: string[]) {
    clock.advance(1000);
    return albums.insert({ ownerId, title, themeDescription: '', imageIds });
  }

  return { deps: { albums }, albums, trash, clock, photo, album };
}

const photoNotFound = {
  type: 'NotFoundError',
  code: 'not_found',
  status: 404,
  message: 'photo not found',
  details: undefined,
};

describe('getPhotoInfo', () => {
  it('answers the facts the info panel shows and the albums that hold the photo, newest album first', async () => {
    const { deps, photo, album } = setup();
    const id = await photo(ana);
    const older = album(ana, 'Porto', [id]);
    album(ana, 'Elsewhere', []);
    const newer = album(ana, 'Best of May', [id]);

    const info = await getPhotoInfo(deps, ana, id);

    expect(info.photo).toMatchObject({
      id,
      originalFilename: 'IMG_0042.jpg',
      sizeBytes: 2_400_000,
      width: 4000,
      height: 3000,
      takenAt: new Date('2026-05-12T09:30:00Z'),
      place: { city: 'Porto', country: 'Portugal' },
      trashedAt: null,
    });
    expect(info.albums).toEqual([
      { id: newer, title: 'Best of May' },
      { id: older, title: 'Porto' },
    ]);
  });

  it('leaves out deleted albums, and still answers for a photo in the Trash', async () => {
    const { deps, albums, trash, clock, photo, album } = setup();
    const id = await photo(ana);
    const kept = album(ana, 'Porto', [id]);
    const gone = album(ana, 'Gone', [id]);
    await albums.delete(ana, gone, clock.now());
    await trash.trash(ana, [id], clock.now());

    const info = await getPhotoInfo(deps, ana, id);

    expect(info.photo.trashedAt).toEqual(clock.now());
    expect(info.albums).toEqual([{ id: kept, title: 'Porto' }]);
  });

  it("is not found alike for another user's photo, a photo not organized yet and a made-up id", async () => {
    const { deps, photo } = setup();
    const bobs = await photo(bob);
    const waiting = await photo(ana, { ready: false });

    expect(await outcome(getPhotoInfo(deps, ana, bobs))).toEqual(photoNotFound);
    expect(await outcome(getPhotoInfo(deps, ana, waiting))).toEqual(photoNotFound);
    expect(await outcome(getPhotoInfo(deps, ana, newId()))).toEqual(photoNotFound);
  });
});
