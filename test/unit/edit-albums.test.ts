import type { AlbumChanges } from '../../lambdas/core/ports.ts';
import {
  DOWNLOAD_URL_TTL_SECONDS,
  originalKey,
  previewKey,
  thumbnailKey,
} from '../../lambdas/core/upload-policy.ts';
import {
  addPhotoToAlbum,
  deleteAlbum,
  MAX_ALBUM_DESCRIPTION_LENGTH,
  MAX_ALBUM_TITLE_LENGTH,
  removePhotoFromAlbum,
  updateAlbum,
} from '../../lambdas/core/use-cases/edit-albums.ts';
import {
  FakeUrlSigner,
  InMemoryAlbums,
  InMemoryPhotos,
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
  const deps = { albums, urls: new FakeUrlSigner(), clock };

  /** Photos the worker organized: uploaded, read, with a preview and a thumbnail. */
  async function readyPhotos(ownerId: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      ids.push(
        await photos.addTestPhoto(ownerId, {
          originalFilename: `IMG_${index}.jpg`,
          takenAt: new Date('2026-04-30T09:00:00Z'),
        }),
      );
      clock.advance(1000);
    }
    return ids;
  }

  function album(ownerId: string, imageIds: string[], title = 'Porto') {
    clock.advance(1000);
    return albums.insert({ ownerId, title, themeDescription: 'Planned by the organizer', imageIds });
  }

  /** What the owner now sees of the album: its photos in order, their display orders, its cover. */
  async function view(ownerId: string, albumId: string) {
    const found = await albums.findOwned(ownerId, albumId);
    if (!found) return null;
    return {
      title: found.title,
      themeDescription: found.themeDescription,
      ids: found.photos.map((photo) => photo.id),
      displayOrders: found.photos.map((photo) => photo.displayOrder),
      cover: found.coverImageId,
    };
  }

  return { deps, photos, albums, readyPhotos, album, view };
}

const albumNotFound = {
  type: 'NotFoundError',
  code: 'not_found',
  status: 404,
  message: 'album not found',
  details: undefined,
};

describe('updateAlbum', () => {
  it('renames, describes and picks a cover, and returns the album with signed URLs', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [first, second] = (await readyPhotos(ana, 2)) as [string, string];
    const albumId = album(ana, [first, second]);

    const updated = await updateAlbum(deps, ana, albumId, {
      title: 'Porto, at last',
      themeDescription: 'Tiles and the river',
      coverImageId: second,
    });

    expect(updated).toMatchObject({
      id: albumId,
      title: 'Porto, at last',
      themeDescription: 'Tiles and the river',
      coverImageId: second,
    });
    const key = originalKey(ana, first, 'image/jpeg');
    expect(updated.photos[0]).toEqual({
      id: first,
      storageKey: key,
      originalFilename: 'IMG_0.jpg',
      contentType: 'image/jpeg',
      width: 4000,
      height: 3000,
      takenAt: new Date('2026-04-30T09:00:00Z'),
      takenAtSource: 'exif',
      displayOrder: 0,
      url: `${FakeUrlSigner.origin}/${key}?method=GET&expires=${DOWNLOAD_URL_TTL_SECONDS}`,
      previewUrl: `${FakeUrlSigner.origin}/${previewKey(key)}?method=GET&expires=${DOWNLOAD_URL_TTL_SECONDS}`,
      thumbnailUrl: `${FakeUrlSigner.origin}/${thumbnailKey(key)}?method=GET&expires=${DOWNLOAD_URL_TTL_SECONDS}`,
    });
    expect(await view(ana, albumId)).toMatchObject({
      title: 'Porto, at last',
      themeDescription: 'Tiles and the river',
      cover: second,
    });
  });

  it('trims the title and the description, and may clear the description', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const albumId = album(ana, await readyPhotos(ana, 1));
    await updateAlbum(deps, ana, albumId, { title: '  Lisbon \n', themeDescription: '   ' });
    expect(await view(ana, albumId)).toMatchObject({ title: 'Lisbon', themeDescription: '' });
  });

  it('changes only what it is given', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [first, second] = (await readyPhotos(ana, 2)) as [string, string];
    const albumId = album(ana, [first, second]);
    await updateAlbum(deps, ana, albumId, { title: 'Renamed' });
    expect(await view(ana, albumId)).toMatchObject({
      title: 'Renamed',
      themeDescription: 'Planned by the organizer',
      cover: first,
      ids: [first, second],
    });
  });

  it(`takes a title of up to ${MAX_ALBUM_TITLE_LENGTH} characters and refuses an empty or longer one`, async () => {
    const { deps, readyPhotos, album, view } = setup();
    const albumId = album(ana, await readyPhotos(ana, 1));
    const longest = 'x'.repeat(MAX_ALBUM_TITLE_LENGTH);
    await updateAlbum(deps, ana, albumId, { title: longest });
    for (const title of ['', '   ', `${longest}x`]) {
      expect(await outcome(updateAlbum(deps, ana, albumId, { title }))).toMatchObject({
        type: 'ValidationError',
        code: 'invalid_request',
        status: 400,
        details: { field: 'title' },
      });
    }
    expect((await view(ana, albumId))?.title).toBe(longest);
  });

  it(`takes a description of up to ${MAX_ALBUM_DESCRIPTION_LENGTH} characters and refuses a longer one`, async () => {
    const { deps, readyPhotos, album, view } = setup();
    const albumId = album(ana, await readyPhotos(ana, 1));
    const longest = 'd'.repeat(MAX_ALBUM_DESCRIPTION_LENGTH);
    await updateAlbum(deps, ana, albumId, { themeDescription: longest });
    expect(
      await outcome(
        updateAlbum(deps, ana, albumId, { title: 'Also renamed', themeDescription: `${longest}d` }),
      ),
    ).toMatchObject({ type: 'ValidationError', status: 400, details: { field: 'themeDescription' } });
    expect(await view(ana, albumId)).toMatchObject({ title: 'Porto', themeDescription: longest });
  });

  it('refuses a request that changes nothing', async () => {
    const { deps, readyPhotos, album } = setup();
    const albumId = album(ana, await readyPhotos(ana, 1));
    const nothing: AlbumChanges = {};
    expect(await outcome(updateAlbum(deps, ana, albumId, nothing))).toMatchObject({
      type: 'ValidationError',
      code: 'invalid_request',
      status: 400,
    });
  });

  it('refuses a cover that is not a photo of this album with 400 cover_not_in_album, and changes nothing', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [mine, elsewhere] = (await readyPhotos(ana, 2)) as [string, string];
    const [bobs] = (await readyPhotos(bob, 1)) as [string];
    const albumId = album(ana, [mine]);
    album(ana, [elsewhere], 'Another album');
    for (const coverImageId of [elsewhere, bobs, newId()]) {
      expect(
        await outcome(updateAlbum(deps, ana, albumId, { title: 'Never applied', coverImageId })),
      ).toEqual({
        type: 'ValidationError',
        code: 'cover_not_in_album',
        status: 400,
        message: 'coverImageId must be a photo in this album',
        details: { field: 'coverImageId' },
      });
    }
    expect(await view(ana, albumId)).toMatchObject({ title: 'Porto', cover: mine });
  });

  it("answers another user's album exactly as a made-up id, and changes nothing", async () => {
    const { deps, readyPhotos, album, view } = setup();
    const albumId = album(ana, await readyPhotos(ana, 1));
    expect(await outcome(updateAlbum(deps, bob, albumId, { title: 'Mine now' }))).toEqual(albumNotFound);
    expect(await outcome(updateAlbum(deps, ana, newId(), { title: 'Mine now' }))).toEqual(albumNotFound);
    expect((await view(ana, albumId))?.title).toBe('Porto');
  });
});

describe('deleteAlbum', () => {
  it('deletes the album and keeps its photos in the library', async () => {
    const { deps, albums, readyPhotos, album, view } = setup();
    const ids = await readyPhotos(ana, 2);
    const albumId = album(ana, ids);
    const other = album(ana, [ids[0] as string], 'Still here');

    await deleteAlbum(deps, ana, albumId);

    expect(await view(ana, albumId)).toBeNull();
    expect((await albums.listAlbums(ana)).map((remaining) => remaining.id)).toEqual([other]);
    const library = await albums.listLibrary(ana, { limit: 10, after: null });
    // Every photo stays, each with the albums it is still in (the library's order has its own tests).
    expect(new Map(library.photos.map((photo) => [photo.id, photo.albumIds]))).toEqual(
      new Map([
        [ids[1], []],
        [ids[0], [other]],
      ]),
    );
  });

  it("answers another user's album, a made-up id and an already deleted album alike, and deletes nothing", async () => {
    const { deps, readyPhotos, album, view } = setup();
    const albumId = album(ana, await readyPhotos(ana, 1));
    const gone = album(ana, []);
    await deleteAlbum(deps, ana, gone);
    expect(await outcome(deleteAlbum(deps, bob, albumId))).toEqual(albumNotFound);
    expect(await outcome(deleteAlbum(deps, ana, newId()))).toEqual(albumNotFound);
    expect(await outcome(deleteAlbum(deps, ana, gone))).toEqual(albumNotFound);
    expect(await view(ana, albumId)).not.toBeNull();
  });
});

describe('addPhotoToAlbum', () => {
  it('puts a photo at the end of the album and returns the album with signed URLs', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [a, b, loose] = (await readyPhotos(ana, 3)) as [string, string, string];
    const albumId = album(ana, [a, b]);

    const returned = await addPhotoToAlbum(deps, ana, { albumId, imageId: loose, fromAlbumId: null });

    expect(returned.photos.map((photo) => [photo.id, photo.displayOrder])).toEqual([
      [a, 0],
      [b, 1],
      [loose, 2],
    ]);
    expect(returned.photos[2]?.url).toContain(
      `${FakeUrlSigner.origin}/${originalKey(ana, loose, 'image/jpeg')}`,
    );
    expect(await view(ana, albumId)).toMatchObject({
      ids: [a, b, loose],
      displayOrders: [0, 1, 2],
      cover: a,
    });
  });

  it('without a source, leaves the photo in its other albums too', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [shared, other] = (await readyPhotos(ana, 2)) as [string, string];
    const first = album(ana, [shared]);
    const second = album(ana, [other]);
    await addPhotoToAlbum(deps, ana, { albumId: second, imageId: shared, fromAlbumId: null });
    expect((await view(ana, first))?.ids).toEqual([shared]);
    expect((await view(ana, second))?.ids).toEqual([other, shared]);
  });

  it("moves a photo out of its source, closing the gap and moving the source's cover on", async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [a, b, c, d] = (await readyPhotos(ana, 4)) as [string, string, string, string];
    const from = album(ana, [a, b, c]);
    const to = album(ana, [d]);

    await addPhotoToAlbum(deps, ana, { albumId: to, imageId: a, fromAlbumId: from });

    expect(await view(ana, from)).toMatchObject({ ids: [b, c], displayOrders: [0, 1], cover: b });
    expect(await view(ana, to)).toMatchObject({ ids: [d, a], displayOrders: [0, 1], cover: d });
  });

  it('leaves a source emptied by the move without a cover, and gives an empty target one', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [only] = (await readyPhotos(ana, 1)) as [string];
    const from = album(ana, [only]);
    const to = album(ana, []);
    await addPhotoToAlbum(deps, ana, { albumId: to, imageId: only, fromAlbumId: from });
    expect(await view(ana, from)).toMatchObject({ ids: [], cover: null });
    expect(await view(ana, to)).toMatchObject({ ids: [only], displayOrders: [0], cover: only });
  });

  it('moves a photo to the end of its own album and keeps it as the cover', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [a, b, c] = (await readyPhotos(ana, 3)) as [string, string, string];
    const albumId = album(ana, [a, b, c]);
    await addPhotoToAlbum(deps, ana, { albumId, imageId: a, fromAlbumId: albumId });
    expect(await view(ana, albumId)).toMatchObject({ ids: [b, c, a], displayOrders: [0, 1, 2], cover: a });
  });

  it('is harmless when a move is retried', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [a, b, c] = (await readyPhotos(ana, 3)) as [string, string, string];
    const from = album(ana, [a, b]);
    const to = album(ana, [c]);
    const move = { albumId: to, imageId: a, fromAlbumId: from };
    await addPhotoToAlbum(deps, ana, move);
    const retried = await addPhotoToAlbum(deps, ana, move);
    expect(retried.photos.map((photo) => photo.id)).toEqual([c, a]);
    expect(await view(ana, from)).toMatchObject({ ids: [b], displayOrders: [0], cover: b });
    expect(await view(ana, to)).toMatchObject({ ids: [c, a], displayOrders: [0, 1], cover: c });
  });

  it('refuses a photo that was never uploaded or could not be read, and changes nothing', async () => {
    const { deps, photos, readyPhotos, album, view } = setup();
    const [inAlbum] = (await readyPhotos(ana, 1)) as [string];
    // Rejected photos never were organized: a job's rejection leaves an organized photo as it is.
    const [rejected, awaiting] = [newId(), newId()];
    await photos.addAwaitingUpload(
      [rejected, awaiting].map((id) => ({
        id,
        ownerId: ana,
        storageKey: originalKey(ana, id, 'image/png'),
        originalFilename: 'later.png',
        contentType: 'image/png',
        sizeBytes: 5,
      })),
    );
    photos.recordRejection(rejected, 'the file is not an image');
    const albumId = album(ana, [inAlbum]);
    for (const imageId of [rejected, awaiting]) {
      expect(await outcome(addPhotoToAlbum(deps, ana, { albumId, imageId, fromAlbumId: null }))).toEqual({
        type: 'ValidationError',
        code: 'image_not_ready',
        status: 400,
        message: 'imageId names a photo that was not uploaded or could not be read',
        details: { field: 'imageId' },
      });
    }
    expect(await view(ana, albumId)).toMatchObject({ ids: [inAlbum], cover: inAlbum });
  });

  it("answers another user's albums and photos exactly as made-up ids, and changes nothing", async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [anaPhoto, anaOther] = (await readyPhotos(ana, 2)) as [string, string];
    const [bobPhoto] = (await readyPhotos(bob, 1)) as [string];
    const anaAlbum = album(ana, [anaPhoto]);
    const anaSecond = album(ana, [anaOther]);
    const bobAlbum = album(bob, [bobPhoto]);
    const add = (ownerId: string, albumId: string, imageId: string, fromAlbumId: string | null = null) =>
      outcome(addPhotoToAlbum(deps, ownerId, { albumId, imageId, fromAlbumId }));

    // Someone else's target album.
    expect(await add(bob, anaAlbum, bobPhoto)).toEqual(albumNotFound);
    expect(await add(bob, newId(), bobPhoto)).toEqual(albumNotFound);
    // Someone else's source album.
    const sourceNotFound = { ...albumNotFound, details: { field: 'fromAlbumId' } };
    expect(await add(ana, anaSecond, anaPhoto, bobAlbum)).toEqual(sourceNotFound);
    expect(await add(ana, anaSecond, anaPhoto, newId())).toEqual(sourceNotFound);
    // Someone else's photo.
    const imageNotFound = {
      type: 'NotFoundError',
      code: 'not_found',
      status: 404,
      message: 'image not found',
      details: { field: 'imageId' },
    };
    expect(await add(ana, anaAlbum, bobPhoto)).toEqual(imageNotFound);
    expect(await add(ana, anaAlbum, newId())).toEqual(imageNotFound);
    expect(await add(bob, bobAlbum, anaPhoto)).toEqual(imageNotFound);

    expect(await view(ana, anaAlbum)).toMatchObject({ ids: [anaPhoto], cover: anaPhoto });
    expect(await view(ana, anaSecond)).toMatchObject({ ids: [anaOther], cover: anaOther });
    expect(await view(bob, bobAlbum)).toMatchObject({ ids: [bobPhoto], cover: bobPhoto });
  });
});

describe('removePhotoFromAlbum', () => {
  it('takes the photo out, closes the gap and moves the cover on; the photo stays in the library', async () => {
    const { deps, albums, readyPhotos, album, view } = setup();
    const [a, b, c] = (await readyPhotos(ana, 3)) as [string, string, string];
    const albumId = album(ana, [a, b, c]);
    await removePhotoFromAlbum(deps, ana, albumId, a);
    expect(await view(ana, albumId)).toMatchObject({ ids: [b, c], displayOrders: [0, 1], cover: b });
    expect(await albums.findPhoto(ana, a)).toMatchObject({ id: a, status: 'ready' });
  });

  it('leaves an album without a cover once its last photo is out', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [only] = (await readyPhotos(ana, 1)) as [string];
    const albumId = album(ana, [only]);
    await removePhotoFromAlbum(deps, ana, albumId, only);
    expect(await view(ana, albumId)).toMatchObject({ ids: [], cover: null });
  });

  it('answers a photo that is not in the album with image not found', async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [a, b] = (await readyPhotos(ana, 2)) as [string, string];
    const [bobPhoto] = (await readyPhotos(bob, 1)) as [string];
    const albumId = album(ana, [a]);
    const imageNotFound = {
      type: 'NotFoundError',
      code: 'not_found',
      status: 404,
      message: 'image not found',
      details: undefined,
    };
    for (const imageId of [b, bobPhoto, newId()]) {
      expect(await outcome(removePhotoFromAlbum(deps, ana, albumId, imageId))).toEqual(imageNotFound);
    }
    expect(await view(ana, albumId)).toMatchObject({ ids: [a], cover: a });
  });

  it("answers another user's album exactly as a made-up id, and changes nothing", async () => {
    const { deps, readyPhotos, album, view } = setup();
    const [a] = (await readyPhotos(ana, 1)) as [string];
    const albumId = album(ana, [a]);
    expect(await outcome(removePhotoFromAlbum(deps, bob, albumId, a))).toEqual(albumNotFound);
    expect(await outcome(removePhotoFromAlbum(deps, ana, newId(), a))).toEqual(albumNotFound);
    expect(await view(ana, albumId)).toMatchObject({ ids: [a], cover: a });
  });
});
