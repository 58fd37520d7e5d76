/**
 * Organizing by hand, in the core: a new album, merging albums, and adding, moving and removing many
 * photos at once — on strict in-memory fakes with PostgresAlbumRepository's semantics (the same
 * behaviour on real PostgreSQL is in test/integration/postgres-album-repository.test.ts).
 */
import { MAX_BULK_PHOTOS } from '../../lambdas/core/upload-policy.ts';
import {
  addPhotosToAlbum,
  createAlbum,
  MAX_MERGE_ALBUMS,
  mergeAlbums,
  removePhotosFromAlbum,
} from '../../lambdas/core/use-cases/organize-by-hand.ts';
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
  const madeIds: string[] = [];
  const deps = {
    albums,
    urls: new FakeUrlSigner(),
    ids: {
      uuid: () => {
        const id = newId();
        madeIds.push(id);
        return id;
      },
    },
  };

  /** Photos uploaded; `ready` (organized) unless told otherwise. */
  async function photosOf(ownerId: string, count: number, options: { ready?: boolean } = {}) {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      ids.push(
        await photos.addTestPhoto(ownerId, {
          originalFilename: `IMG_${index}.jpg`,
          width: 40,
          height: 30,
          ready: options.ready,
        }),
      );
      clock.advance(1000);
    }
    return ids;
  }

  function album(ownerId: string, imageIds: string[], title = 'Porto') {
    clock.advance(1000);
    return albums.insert({ ownerId, title, imageIds });
  }

  async function view(ownerId: string, albumId: string) {
    const found = await albums.findOwned(ownerId, albumId);
    if (!found) return null;
    return {
      ids: found.photos.map((photo) => photo.id),
      displayOrders: found.photos.map((photo) => photo.displayOrder),
      cover: found.coverImageId,
    };
  }

  const excluded = (albumId: string) =>
    [...albums.exclusions]
      .filter((entry) => entry.startsWith(`${albumId}/`))
      .map((entry) => entry.split('/')[1]);

  return { deps, albums, photos, photosOf, album, view, excluded, madeIds };
}

const notFound = (message: string, details?: Record<string, unknown>) => ({
  type: 'NotFoundError',
  code: 'not_found',
  status: 404,
  message,
  details,
});

describe('createAlbum', () => {
  it("makes the user's album of the photos in the given order, the first its cover", async () => {
    const { deps, albums, photosOf, view, madeIds } = setup();
    const [a, b, c] = (await photosOf(ana, 3)) as [string, string, string];
    const made = await createAlbum(deps, ana, {
      title: '  Summer  ',
      themeDescription: ' Days by the sea ',
      imageIds: [c, a, c, b],
    });
    expect(made).toMatchObject({ id: madeIds[0], title: 'Summer', themeDescription: 'Days by the sea' });
    expect(made.photos.map((photo) => photo.url)).toEqual([c, a, b].map((id) => expect.stringContaining(id)));
    expect(await view(ana, made.id)).toEqual({ ids: [c, a, b], displayOrders: [0, 1, 2], cover: c });
    expect(albums.albums.get(made.id)?.origin).toBe('user');
    expect((await albums.listAlbums(ana)).map((album) => album.id)).toEqual([made.id]);
  });

  it('makes an empty album with no cover and an empty description', async () => {
    const { deps, view } = setup();
    const made = await createAlbum(deps, ana, { title: 'Later' });
    expect(made).toMatchObject({ title: 'Later', themeDescription: '', coverImageId: null, photos: [] });
    expect(await view(ana, made.id)).toEqual({ ids: [], displayOrders: [], cover: null });
  });

  it("refuses another user's photo exactly as a made-up one, and makes nothing", async () => {
    const { deps, albums, photosOf } = setup();
    const [mine] = (await photosOf(ana, 1)) as [string];
    const [bobs] = (await photosOf(bob, 1)) as [string];
    const madeUp = newId();
    for (const stranger of [bobs, madeUp]) {
      expect(await outcome(createAlbum(deps, ana, { title: 'Mine', imageIds: [mine, stranger] }))).toEqual(
        notFound('1 photo not found', { field: 'imageIds', imageIds: [stranger] }),
      );
    }
    expect(albums.albums.size).toBe(0);
  });

  it('refuses photos that are not in the library yet, naming them', async () => {
    const { deps, photosOf, albums } = setup();
    const [ready] = (await photosOf(ana, 1)) as [string];
    const [pending] = (await photosOf(ana, 1, { ready: false })) as [string];
    expect(
      await outcome(createAlbum(deps, ana, { title: 'Mine', imageIds: [ready, pending] })),
    ).toMatchObject({
      code: 'image_not_ready',
      status: 400,
      message: expect.stringContaining('1 photo of imageIds never finished uploading'),
      details: { field: 'imageIds', imageIds: [pending] },
    });
    expect(albums.albums.size).toBe(0);
  });

  it('refuses photos in the Trash with a conflict that says to restore them first', async () => {
    const { deps, photosOf, albums, photos } = setup();
    const [ready, trashed, also] = (await photosOf(ana, 3)) as [string, string, string];
    for (const id of [trashed, also])
      (photos.rows.get(id) as { trashedAt: Date | null }).trashedAt = new Date();
    expect(
      await outcome(createAlbum(deps, ana, { title: 'Mine', imageIds: [ready, trashed, also] })),
    ).toEqual({
      type: 'ConflictError',
      code: 'image_in_trash',
      status: 409,
      message: '2 photos of imageIds are in the Trash: restore them first',
      details: { field: 'imageIds', imageIds: [trashed, also] },
    });
    expect(albums.albums.size).toBe(0);
  });

  it('checks the title and the description as renaming does', async () => {
    const { deps } = setup();
    expect(await outcome(createAlbum(deps, ana, { title: '   ' }))).toMatchObject({
      code: 'invalid_request',
      details: { field: 'title' },
    });
    expect(
      await outcome(createAlbum(deps, ana, { title: 'x', themeDescription: 'y'.repeat(301) })),
    ).toMatchObject({
      code: 'invalid_request',
      details: { field: 'themeDescription' },
    });
  });

  it(`takes at most ${MAX_BULK_PHOTOS} photos, and says so in words`, async () => {
    const { deps } = setup();
    const ids = Array.from({ length: MAX_BULK_PHOTOS + 1 }, newId);
    expect(await outcome(createAlbum(deps, ana, { title: 'Big', imageIds: ids }))).toMatchObject({
      code: 'invalid_request',
      message: `imageIds names ${MAX_BULK_PHOTOS + 1} photos; one request takes at most ${MAX_BULK_PHOTOS}: send the rest in another request`,
      details: { field: 'imageIds', limit: MAX_BULK_PHOTOS },
    });
  });
});

describe('addPhotosToAlbum', () => {
  it('appends the photos in order, leaving those already there in place, and keeps the cover', async () => {
    const { deps, photosOf, album, view } = setup();
    const [a, b, c, d] = (await photosOf(ana, 4)) as [string, string, string, string];
    const target = album(ana, [a, b]);
    await addPhotosToAlbum(deps, ana, { albumId: target, imageIds: [d, a, c], fromAlbumId: null });
    expect(await view(ana, target)).toEqual({ ids: [a, b, d, c], displayOrders: [0, 1, 2, 3], cover: a });
  });

  it('moves photos out of the source in one go: the source closes its gaps, its cover is repaired, exclusions are written', async () => {
    const { deps, photosOf, album, view, excluded } = setup();
    const [a, b, c, d, e] = (await photosOf(ana, 5)) as [string, string, string, string, string];
    const source = album(ana, [a, b, c, d]);
    const target = album(ana, [e]);
    const moved = await addPhotosToAlbum(deps, ana, {
      albumId: target,
      imageIds: [c, a],
      fromAlbumId: source,
    });
    expect(moved.photos.map((photo) => photo.id)).toEqual([e, c, a]);
    expect(await view(ana, source)).toEqual({ ids: [b, d], displayOrders: [0, 1], cover: b });
    expect(excluded(source).sort()).toEqual([a, c].sort());
    // A retry finds nothing more to do.
    await addPhotosToAlbum(deps, ana, { albumId: target, imageIds: [c, a], fromAlbumId: source });
    expect(await view(ana, target)).toEqual({ ids: [e, c, a], displayOrders: [0, 1, 2], cover: e });
  });

  it('adding a photo back clears the exclusion the user made by taking it out', async () => {
    const { deps, photosOf, album, excluded } = setup();
    const [a, b] = (await photosOf(ana, 2)) as [string, string];
    const first = album(ana, [a, b]);
    await removePhotosFromAlbum(deps, ana, first, [a]);
    expect(excluded(first)).toEqual([a]);
    await addPhotosToAlbum(deps, ana, { albumId: first, imageIds: [a], fromAlbumId: null });
    expect(excluded(first)).toEqual([]);
  });

  it('an empty album gets the first added photo as its cover', async () => {
    const { deps, photosOf, view } = setup();
    const [a, b] = (await photosOf(ana, 2)) as [string, string];
    const empty = (await createAlbum(deps, ana, { title: 'Empty' })).id;
    await addPhotosToAlbum(deps, ana, { albumId: empty, imageIds: [b, a], fromAlbumId: null });
    expect(await view(ana, empty)).toEqual({ ids: [b, a], displayOrders: [0, 1], cover: b });
  });

  it('moving from an album into itself changes nothing and excludes nothing', async () => {
    const { deps, photosOf, album, view, excluded } = setup();
    const [a, b] = (await photosOf(ana, 2)) as [string, string];
    const only = album(ana, [a, b]);
    await addPhotosToAlbum(deps, ana, { albumId: only, imageIds: [a], fromAlbumId: only });
    expect(await view(ana, only)).toEqual({ ids: [a, b], displayOrders: [0, 1], cover: a });
    expect(excluded(only)).toEqual([]);
  });

  it("answers another user's album, source or photo like made-up ones, and changes nothing", async () => {
    const { deps, photosOf, album, view, excluded } = setup();
    const [a, b] = (await photosOf(ana, 2)) as [string, string];
    const [bobs] = (await photosOf(bob, 1)) as [string];
    const source = album(ana, [a]);
    const target = album(ana, [b]);
    const bobAlbum = album(bob, [bobs]);
    const cases: [Parameters<typeof addPhotosToAlbum>[2], ReturnType<typeof notFound>][] = [
      [{ albumId: bobAlbum, imageIds: [a], fromAlbumId: null }, notFound('album not found')],
      [{ albumId: newId(), imageIds: [a], fromAlbumId: null }, notFound('album not found')],
      [
        { albumId: target, imageIds: [a], fromAlbumId: bobAlbum },
        notFound('album not found', { field: 'fromAlbumId' }),
      ],
      [
        { albumId: target, imageIds: [a], fromAlbumId: newId() },
        notFound('album not found', { field: 'fromAlbumId' }),
      ],
    ];
    for (const [move, expected] of cases)
      expect(await outcome(addPhotosToAlbum(deps, ana, move))).toEqual(expected);
    for (const stranger of [bobs, newId()]) {
      expect(
        await outcome(
          addPhotosToAlbum(deps, ana, { albumId: target, imageIds: [a, stranger], fromAlbumId: source }),
        ),
      ).toEqual(notFound('1 photo not found', { field: 'imageIds', imageIds: [stranger] }));
    }
    expect(await view(ana, source)).toEqual({ ids: [a], displayOrders: [0], cover: a });
    expect(await view(ana, target)).toEqual({ ids: [b], displayOrders: [0], cover: b });
    expect(await view(bob, bobAlbum)).toEqual({ ids: [bobs], displayOrders: [0], cover: bobs });
    expect(excluded(source)).toEqual([]);
  });

  it('refuses an empty list', async () => {
    const { deps, photosOf, album } = setup();
    const target = album(ana, await photosOf(ana, 1));
    expect(
      await outcome(addPhotosToAlbum(deps, ana, { albumId: target, imageIds: [], fromAlbumId: null })),
    ).toMatchObject({
      code: 'invalid_request',
      message: 'imageIds must name at least one photo',
    });
  });
});

describe('removePhotosFromAlbum', () => {
  it('takes the photos out, closes the gaps, repairs the cover, records exclusions, skips strangers', async () => {
    const { deps, photosOf, album, view, excluded, albums } = setup();
    const [a, b, c, d] = (await photosOf(ana, 4)) as [string, string, string, string];
    const [bobs] = (await photosOf(bob, 1)) as [string];
    const source = album(ana, [a, b, c, d]);
    const other = album(ana, [a]);
    const after = await removePhotosFromAlbum(deps, ana, source, [a, c, bobs, newId()]);
    expect(after.photos.map((photo) => photo.id)).toEqual([b, d]);
    expect(await view(ana, source)).toEqual({ ids: [b, d], displayOrders: [0, 1], cover: b });
    expect(await view(ana, other)).toEqual({ ids: [a], displayOrders: [0], cover: a });
    expect(excluded(source).sort()).toEqual([a, c].sort());
    expect(await albums.findPhoto(ana, a)).not.toBeNull();
  });

  it('leaves an album empty with no cover', async () => {
    const { deps, photosOf, album, view } = setup();
    const ids = await photosOf(ana, 2);
    const source = album(ana, ids);
    await removePhotosFromAlbum(deps, ana, source, ids);
    expect(await view(ana, source)).toEqual({ ids: [], displayOrders: [], cover: null });
  });

  it("answers another user's album like a made-up one", async () => {
    const { deps, photosOf, album, view } = setup();
    const [bobs] = (await photosOf(bob, 1)) as [string];
    const bobAlbum = album(bob, [bobs]);
    for (const albumId of [bobAlbum, newId()])
      expect(await outcome(removePhotosFromAlbum(deps, ana, albumId, [bobs]))).toEqual(
        notFound('album not found'),
      );
    expect(await view(bob, bobAlbum)).toEqual({ ids: [bobs], displayOrders: [0], cover: bobs });
  });
});

describe('mergeAlbums', () => {
  it("appends the sources' photos in the order named, skips those already there, and deletes the sources", async () => {
    const { deps, photosOf, album, view, albums } = setup();
    const [a, b, c, d, e] = (await photosOf(ana, 5)) as [string, string, string, string, string];
    const target = album(ana, [a, b], 'Porto');
    const first = album(ana, [c, a, d], 'Porto again');
    const second = album(ana, [e, c], 'Porto, day 3');
    const merged = await mergeAlbums(deps, ana, target, [second, first, second]);
    expect(merged.title).toBe('Porto');
    expect(await view(ana, target)).toEqual({
      ids: [a, b, e, c, d],
      displayOrders: [0, 1, 2, 3, 4],
      cover: a,
    });
    expect((await albums.listAlbums(ana)).map((album) => album.id)).toEqual([target]);
    expect(await view(ana, first)).toBeNull();
    // Deleted, not gone: their rows and photos are kept for a restore.
    expect(albums.albums.get(first)?.deletedAt).toBeInstanceOf(Date);
    expect(albums.memberships.filter((membership) => membership.albumId === first)).toHaveLength(3);
  });

  it('gives an empty target a cover', async () => {
    const { deps, photosOf, album, view } = setup();
    const [a] = (await photosOf(ana, 1)) as [string];
    const empty = (await createAlbum(deps, ana, { title: 'Empty' })).id;
    await mergeAlbums(deps, ana, empty, [album(ana, [a])]);
    expect(await view(ana, empty)).toEqual({ ids: [a], displayOrders: [0], cover: a });
  });

  it('a merged (deleted) album can be neither merged again nor a target', async () => {
    const { deps, photosOf, album } = setup();
    const [a, b] = (await photosOf(ana, 2)) as [string, string];
    const target = album(ana, [a]);
    const gone = album(ana, [b]);
    await mergeAlbums(deps, ana, target, [gone]);
    expect(await outcome(mergeAlbums(deps, ana, target, [gone]))).toEqual(
      notFound('1 album to merge not found', { field: 'albumIds', albumIds: [gone] }),
    );
    expect(await outcome(mergeAlbums(deps, ana, gone, [target]))).toEqual(notFound('album not found'));
    expect(
      await outcome(addPhotosToAlbum(deps, ana, { albumId: gone, imageIds: [a], fromAlbumId: null })),
    ).toEqual(notFound('album not found'));
  });

  it("answers another user's albums like made-up ones, and deletes nothing", async () => {
    const { deps, photosOf, album, view, albums } = setup();
    const [a, b] = (await photosOf(ana, 2)) as [string, string];
    const [bobs] = (await photosOf(bob, 1)) as [string];
    const target = album(ana, [a]);
    const mine = album(ana, [b]);
    const bobAlbum = album(bob, [bobs]);
    for (const stranger of [bobAlbum, newId()]) {
      expect(await outcome(mergeAlbums(deps, ana, target, [mine, stranger]))).toEqual(
        notFound('1 album to merge not found', { field: 'albumIds', albumIds: [stranger] }),
      );
      expect(await outcome(mergeAlbums(deps, ana, stranger, [mine]))).toEqual(notFound('album not found'));
    }
    expect((await albums.listAlbums(ana)).length).toBe(2);
    expect(await view(ana, target)).toEqual({ ids: [a], displayOrders: [0], cover: a });
    expect(await view(bob, bobAlbum)).toEqual({ ids: [bobs], displayOrders: [0], cover: bobs });
  });

  it(`refuses merging an album into itself, none, or more than ${MAX_MERGE_ALBUMS} at once`, async () => {
    const { deps, album } = setup();
    const target = album(ana, []);
    expect(await outcome(mergeAlbums(deps, ana, target, [target]))).toMatchObject({
      code: 'invalid_request',
      message: 'albumIds must not name the album they are merged into',
    });
    expect(await outcome(mergeAlbums(deps, ana, target, []))).toMatchObject({ code: 'invalid_request' });
    const many = Array.from({ length: MAX_MERGE_ALBUMS + 1 }, newId);
    expect(await outcome(mergeAlbums(deps, ana, target, many))).toMatchObject({
      code: 'invalid_request',
      message: `albumIds must name 1 to ${MAX_MERGE_ALBUMS} albums to merge at once`,
    });
  });
});
