/**
 * The Trash in the core, over strict in-memory fakes: deleting photos hides them everywhere and keeps
 * them restorable for TRASH_DAYS; emptying it (or the daily clean-up after TRASH_DAYS) deletes them
 * for good with their files; a deleted album can be restored until its days are up.
 */

import type { PhotoStorage } from '../../lambdas/core/ports.ts';
import { purgeDate, shownCover, TRASH_DAYS } from '../../lambdas/core/trash.ts';
import {
  MAX_BULK_PHOTOS,
  modelImageKey,
  originalKey,
  previewKey,
  thumbnailKey,
} from '../../lambdas/core/upload-policy.ts';
import { dailyCleanUp } from '../../lambdas/core/use-cases/daily-clean-up.ts';
import {
  addPhotoToAlbum,
  deleteAlbum,
  restoreAlbum,
  updateAlbum,
} from '../../lambdas/core/use-cases/edit-albums.ts';
import { getGallery } from '../../lambdas/core/use-cases/get-gallery.ts';
import { listLibrary } from '../../lambdas/core/use-cases/library.ts';
import {
  EMPTY_TRASH_BUDGET_MS,
  EMPTY_TRASH_PER_REQUEST,
  emptyTrash,
  listTrash,
  PURGE_BATCH,
  PURGE_RUN_BUDGET_MS,
  restorePhotos,
  trashPhotos,
} from '../../lambdas/core/use-cases/trash.ts';
import {
  FakeUrlSigner,
  InMemoryAlbums,
  InMemoryJobs,
  InMemoryPhotos,
  InMemoryStorage,
  InMemoryTrash,
  ManualClock,
  newId,
  RecordingLogger,
} from '../fakes/in-memory-ports.ts';
import { outcome } from '../support/outcome.ts';

const ana = newId();
const bob = newId();
const DAY = 24 * 3600 * 1000;

function setup() {
  const clock = new ManualClock('2026-05-01T08:00:00.000Z');
  const jobs = new InMemoryJobs();
  const photos = new InMemoryPhotos({ clock, jobs });
  const albums = new InMemoryAlbums(photos, { clock });
  const trash = new InMemoryTrash(photos, albums);
  const storage = new InMemoryStorage();
  const urls = new FakeUrlSigner();
  const logger = new RecordingLogger();
  const deps = { trash, albums, gallery: albums, photos, storage, urls, clock, logger };

  /** A photo as the worker leaves it: record, original, preview, thumbnail and model rendition. */
  async function photo(ownerId: string) {
    clock.advance(1000);
    const id = newId();
    const key = originalKey(ownerId, id, 'image/jpeg');
    await photos.addAwaitingUpload([
      { id, ownerId, storageKey: key, originalFilename: 'IMG.jpg', contentType: 'image/jpeg', sizeBytes: 3 },
    ]);
    for (const file of [key, previewKey(key), thumbnailKey(key), modelImageKey(key)])
      await storage.put(file, new Uint8Array([1]), 'image/jpeg');
    photos.recordAnalysis({
      imageId: id,
      previewKey: previewKey(key),
      thumbnailKey: thumbnailKey(key),
      width: 8,
      height: 6,
      takenAt: null,
      place: null,
    });
    return { id, key };
  }

  function album(ownerId: string, imageIds: string[], coverImageId?: string) {
    clock.advance(1000);
    return albums.insert({ ownerId, title: 'Album', imageIds, ...(coverImageId ? { coverImageId } : {}) });
  }

  const objectsOf = (key: string) =>
    [...storage.objects.keys()]
      .filter((stored) => stored.startsWith(key.replace(/original\.jpg$/, '')))
      .sort();
  const libraryIds = async (ownerId: string) =>
    (await listLibrary(deps, ownerId, { limit: 100, cursor: null })).photos.map((listed) => listed.id);
  const trashIds = async (ownerId: string) =>
    (await listTrash(deps, ownerId, { limit: 100, cursor: null })).photos.map((listed) => listed.id);
  const albumView = async (ownerId: string, albumId: string) => {
    const found = await albums.findOwned(ownerId, albumId);
    return found && { ids: found.photos.map((p) => p.id), cover: found.coverImageId };
  };

  return {
    deps,
    photos,
    albums,
    trash,
    storage,
    clock,
    logger,
    photo,
    album,
    objectsOf,
    libraryIds,
    trashIds,
    albumView,
  };
}

const notFound = (imageIds: string[]) => ({
  type: 'AppError',
  code: 'not_found',
  status: 404,
  message:
    imageIds.length === 1
      ? 'photo not found (details.imageIds); nothing was changed'
      : `${imageIds.length} of the photos were not found (details.imageIds); nothing was changed`,
  details: { imageIds },
});

describe('trashPhotos and restorePhotos', () => {
  it('hides a trashed photo from the library, the gallery and its albums, and keeps its files', async () => {
    const { deps, clock, photo, album, objectsOf, libraryIds, trashIds, albumView } = setup();
    const [a, b, c] = [await photo(ana), await photo(ana), await photo(ana)];
    const albumId = album(ana, [a.id, b.id, c.id]);

    const moved = await trashPhotos(deps, ana, [a.id, c.id]);

    expect(moved).toEqual({
      trashedAt: clock.now(),
      purgeAt: new Date(clock.now().getTime() + TRASH_DAYS * DAY),
    });
    expect(await libraryIds(ana)).toEqual([b.id]);
    expect(await trashIds(ana)).toEqual([a.id, c.id].sort().reverse());
    // The cover was a: the first visible photo stands in.
    expect(await albumView(ana, albumId)).toEqual({ ids: [b.id], cover: b.id });
    const [shown] = await getGallery(deps, ana, ana);
    expect(shown?.photos.map((p) => p.id)).toEqual([b.id]);
    expect(shown?.coverImageId).toBe(b.id);
    expect(objectsOf(a.key)).toHaveLength(4);
  });

  it('restores photos into the albums they were in, in their places, the chosen cover with them', async () => {
    const { deps, photo, album, libraryIds, trashIds, albumView } = setup();
    const [a, b, c] = [await photo(ana), await photo(ana), await photo(ana)];
    const first = album(ana, [a.id, b.id, c.id], b.id);
    const second = album(ana, [b.id]);

    await trashPhotos(deps, ana, [b.id]);
    expect(await albumView(ana, first)).toEqual({ ids: [a.id, c.id], cover: a.id });
    expect(await albumView(ana, second)).toEqual({ ids: [], cover: null });

    await restorePhotos(deps, ana, [b.id]);
    expect(await albumView(ana, first)).toEqual({ ids: [a.id, b.id, c.id], cover: b.id });
    expect(await albumView(ana, second)).toEqual({ ids: [b.id], cover: b.id });
    expect(await trashIds(ana)).toEqual([]);
    expect((await libraryIds(ana)).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it("changes nothing when one id is another user's or made up, and answers both alike with the ids", async () => {
    const { deps, photo, libraryIds } = setup();
    const [mine, bobs] = [await photo(ana), await photo(bob)];
    const madeUp = newId();

    expect(await outcome(trashPhotos(deps, ana, [mine.id, bobs.id]))).toEqual(notFound([bobs.id]));
    expect(await outcome(trashPhotos(deps, ana, [mine.id, madeUp]))).toEqual(notFound([madeUp]));
    expect(await outcome(trashPhotos(deps, ana, [bobs.id, madeUp]))).toEqual(notFound([bobs.id, madeUp]));
    expect(await libraryIds(ana)).toEqual([mine.id]);
    expect(await libraryIds(bob)).toEqual([bobs.id]);

    await trashPhotos(deps, bob, [bobs.id]);
    expect(await outcome(restorePhotos(deps, ana, [bobs.id]))).toEqual(notFound([bobs.id]));
    expect(await libraryIds(bob)).toEqual([]);
  });

  it('keeps the first date of a photo trashed twice, and restores a photo not in the Trash as a no-op', async () => {
    const { deps, clock, photo } = setup();
    const a = await photo(ana);
    const first = await trashPhotos(deps, ana, [a.id]);
    clock.advance(DAY);
    await trashPhotos(deps, ana, [a.id, a.id]);
    const [listed] = (await listTrash(deps, ana, { limit: 10, cursor: null })).photos;
    expect(listed?.trashedAt).toEqual(first.trashedAt);
    expect(listed?.purgeAt).toEqual(purgeDate(first.trashedAt));

    await restorePhotos(deps, ana, [a.id]);
    expect(await outcome(restorePhotos(deps, ana, [a.id]))).toBe('succeeded');
  });

  it('says the limit in words: at least one id, at most MAX_BULK_PHOTOS', async () => {
    const { deps } = setup();
    expect(await outcome(trashPhotos(deps, ana, []))).toMatchObject({
      status: 400,
      message: 'imageIds must name at least one photo',
    });
    const many = Array.from({ length: MAX_BULK_PHOTOS + 1 }, newId);
    expect(await outcome(restorePhotos(deps, ana, many))).toMatchObject({
      status: 400,
      message: `imageIds names ${MAX_BULK_PHOTOS + 1} photos; one request takes at most ${MAX_BULK_PHOTOS}: send the rest in another request`,
      details: { field: 'imageIds', limit: MAX_BULK_PHOTOS },
    });
  });

  it('refuses to put a trashed photo into an album, or to make it a cover, until it is restored', async () => {
    const { deps, photo, album } = setup();
    const [a, b] = [await photo(ana), await photo(ana)];
    const albumId = album(ana, [a.id, b.id]);
    const other = album(ana, []);
    await trashPhotos(deps, ana, [b.id]);

    expect(
      await outcome(addPhotoToAlbum(deps, ana, { albumId: other, imageId: b.id, fromAlbumId: null })),
    ).toEqual({
      type: 'ConflictError',
      code: 'image_in_trash',
      status: 409,
      message: 'the photo is in the Trash; restore it first',
      details: { field: 'imageId' },
    });
    expect(await outcome(updateAlbum(deps, ana, albumId, { coverImageId: b.id }))).toMatchObject({
      code: 'cover_not_in_album',
    });
    await restorePhotos(deps, ana, [b.id]);
    expect(
      await outcome(addPhotoToAlbum(deps, ana, { albumId: other, imageId: b.id, fromAlbumId: null })),
    ).toBe('succeeded');
  });

  it('pages the Trash most recently trashed first', async () => {
    const { deps, clock, photo } = setup();
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { id } = await photo(ana);
      clock.advance(1000);
      await trashPhotos(deps, ana, [id]);
      ids.unshift(id);
    }
    const first = await listTrash(deps, ana, { limit: 2, cursor: null });
    const second = await listTrash(deps, ana, { limit: 2, cursor: first.nextCursor });
    const third = await listTrash(deps, ana, { limit: 2, cursor: second.nextCursor });
    expect([...first.photos, ...second.photos, ...third.photos].map((p) => p.id)).toEqual(ids);
    expect(third.nextCursor).toBeNull();
    expect(await outcome(listTrash(deps, ana, { limit: 2, cursor: 'nonsense' }))).toMatchObject({
      code: 'invalid_cursor',
    });
  });
});

describe('emptyTrash', () => {
  it("deletes the caller's trashed photos with every file, and nothing else", async () => {
    const { deps, photos, photo, album, objectsOf, libraryIds, albumView } = setup();
    const [a, b, kept] = [await photo(ana), await photo(ana), await photo(ana)];
    const bobs = await photo(bob);
    const albumId = album(ana, [a.id, kept.id, b.id]);
    await trashPhotos(deps, ana, [a.id, b.id]);
    await trashPhotos(deps, bob, [bobs.id]);

    expect(await emptyTrash(deps, ana)).toEqual({ deleted: 2, remaining: 0 });

    expect(objectsOf(a.key)).toEqual([]);
    expect(objectsOf(b.key)).toEqual([]);
    expect(objectsOf(kept.key)).toHaveLength(4);
    expect(objectsOf(bobs.key)).toHaveLength(4);
    expect(photos.rows.has(a.id)).toBe(false);
    expect(photos.rows.has(bobs.id)).toBe(true);
    expect(await libraryIds(ana)).toEqual([kept.id]);
    expect(await albumView(ana, albumId)).toEqual({ ids: [kept.id], cover: kept.id });
    expect(await outcome(restorePhotos(deps, ana, [a.id]))).toEqual(notFound([a.id]));
  });

  it('deletes renditions recorded under other keys too', async () => {
    const { deps, photos, storage, photo } = setup();
    const legacy = await photo(ana);
    const legacyPreview = `legacy/previews/${legacy.id}.jpg`;
    await storage.put(legacyPreview, new Uint8Array([1]), 'image/jpeg');
    Object.assign(photos.rows.get(legacy.id) as object, { previewKey: legacyPreview, thumbnailKey: null });
    await trashPhotos(deps, ana, [legacy.id]);
    await emptyTrash(deps, ana);
    expect(storage.objects.has(legacyPreview)).toBe(false);
  });

  it('keeps the records when storage cannot delete, so that a retry finishes the job', async () => {
    const { deps, storage, photo, trashIds, objectsOf } = setup();
    const a = await photo(ana);
    await trashPhotos(deps, ana, [a.id]);
    storage.failDeletes = true;
    await expect(emptyTrash(deps, ana)).rejects.toThrow('ECONNREFUSED');
    expect(await trashIds(ana)).toEqual([a.id]);

    storage.failDeletes = false;
    expect(await emptyTrash(deps, ana)).toEqual({ deleted: 1, remaining: 0 });
    expect(objectsOf(a.key)).toEqual([]);
  });

  it('deletes at most EMPTY_TRASH_PER_REQUEST photos a call and says how many are left', async () => {
    const { deps, photos, storage, trash, clock } = setup();
    const ids: string[] = [];
    for (let index = 0; index < EMPTY_TRASH_PER_REQUEST + 3; index++) {
      const id = newId();
      ids.push(id);
      await photos.addAwaitingUpload([
        {
          id,
          ownerId: ana,
          storageKey: originalKey(ana, id, 'image/jpeg'),
          originalFilename: 'x.jpg',
          contentType: 'image/jpeg',
          sizeBytes: 1,
        },
      ]);
    }
    await trash.trash(ana, ids, clock.now());
    expect(await emptyTrash(deps, ana)).toEqual({ deleted: EMPTY_TRASH_PER_REQUEST, remaining: 3 });
    expect(await emptyTrash(deps, ana)).toEqual({ deleted: 3, remaining: 0 });
    expect(storage.objects.size).toBe(0);
  });
});

describe('time budgets', () => {
  /** Storage that takes `ms` of the manual clock for every deletion, as a slow one would. */
  function slowStorage(storage: InMemoryStorage, clock: ManualClock, ms: number): PhotoStorage {
    return {
      head: (key) => storage.head(key),
      get: (key) => storage.get(key),
      put: (key, body, type) => storage.put(key, body, type),
      keep: (key) => storage.keep(key),
      delete: async (key) => {
        clock.advance(ms);
        await storage.delete(key);
      },
    };
  }

  async function trashMany(count: number) {
    const context = setup();
    const ids = Array.from({ length: count }, newId);
    for (const id of ids) {
      await context.photos.addAwaitingUpload([
        {
          id,
          ownerId: ana,
          storageKey: originalKey(ana, id, 'image/jpeg'),
          originalFilename: 'x.jpg',
          contentType: 'image/jpeg',
          sizeBytes: 1,
        },
      ]);
      // Organized: the clean-up of photos never organized leaves it to the Trash's part.
      context.photos.recordAnalysis({
        imageId: id,
        previewKey: previewKey(originalKey(ana, id, 'image/jpeg')),
        thumbnailKey: thumbnailKey(originalKey(ana, id, 'image/jpeg')),
        width: 1,
        height: 1,
        takenAt: null,
        place: null,
      });
    }
    await context.trash.trash(ana, ids, context.clock.now());
    return context;
  }

  it('emptying starts no new batch once EMPTY_TRASH_BUDGET_MS have passed, and says what is left', async () => {
    const { deps, storage, clock } = await trashMany(3 * PURGE_BATCH);
    // A batch (four files a photo, sixteen at a time) takes longer than the whole budget.
    const slow = slowStorage(storage, clock, EMPTY_TRASH_BUDGET_MS);
    expect(await emptyTrash({ ...deps, storage: slow }, ana)).toEqual({
      deleted: PURGE_BATCH,
      remaining: 2 * PURGE_BATCH,
    });
  });

  it('the daily clean-up stops starting batches after PURGE_RUN_BUDGET_MS; the rest waits for the next run', async () => {
    const { deps, storage, clock, logger } = await trashMany(3 * PURGE_BATCH);
    clock.advance((TRASH_DAYS + 1) * DAY);
    // Each batch (four files a photo) takes half the budget: the second ends past it.
    const slow = slowStorage(storage, clock, PURGE_RUN_BUDGET_MS / 2 / (4 * PURGE_BATCH));
    const report = await dailyCleanUp({ ...deps, storage: slow });
    expect(report.trashed).toBe(2 * PURGE_BATCH);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        message: 'emptied the Trash of photos past their days',
        data: expect.objectContaining({ more: 'left for the next run' }),
      }),
    );
  });
});

describe('deleting and restoring an album', () => {
  it('hides a deleted album everywhere, then restores it with its photos in their order', async () => {
    const { deps, photo, album, libraryIds, albumView } = setup();
    const [a, b, c] = [await photo(ana), await photo(ana), await photo(ana)];
    const albumId = album(ana, [c.id, a.id, b.id], a.id);

    const deleted = await deleteAlbum(deps, ana, albumId);
    expect(deleted.restorableUntil).toEqual(purgeDate(deleted.deletedAt));
    expect(await albumView(ana, albumId)).toBeNull();
    expect(await getGallery(deps, ana, ana)).toEqual([]);
    expect((await libraryIds(ana)).sort()).toEqual([a.id, b.id, c.id].sort());
    const listed = await listLibrary(deps, ana, { limit: 10, cursor: null });
    expect(listed.photos.every((p) => p.albumIds.length === 0)).toBe(true);
    for (const attempt of [
      updateAlbum(deps, ana, albumId, { title: 'x' }),
      addPhotoToAlbum(deps, ana, { albumId, imageId: a.id, fromAlbumId: null }),
      deleteAlbum(deps, ana, albumId),
    ])
      expect(await outcome(attempt)).toMatchObject({ code: 'not_found', status: 404 });

    const restored = await restoreAlbum(deps, ana, albumId);
    expect(restored.photos.map((p) => p.id)).toEqual([c.id, a.id, b.id]);
    expect(restored.coverImageId).toBe(a.id);
    expect(await outcome(restoreAlbum(deps, ana, albumId))).toMatchObject({ code: 'not_found' });
  });

  it("answers another user's album and a made-up id alike", async () => {
    const { deps, photo, album, albumView } = setup();
    const albumId = album(ana, [(await photo(ana)).id]);
    await deleteAlbum(deps, ana, albumId);
    const albumNotFound = await outcome(restoreAlbum(deps, ana, newId()));
    expect(await outcome(restoreAlbum(deps, bob, albumId))).toEqual(albumNotFound);
    expect(await albumView(ana, albumId)).toBeNull();
  });
});

describe('dailyCleanUp', () => {
  it('deletes photos trashed TRASH_DAYS ago with their files, and albums deleted TRASH_DAYS ago', async () => {
    const { deps, clock, photos, albums, photo, album, objectsOf, trashIds } = setup();
    const [old, recent, kept] = [await photo(ana), await photo(bob), await photo(ana)];
    const oldAlbum = album(ana, [kept.id]);
    const recentAlbum = album(ana, [kept.id]);
    await trashPhotos(deps, ana, [old.id]);
    await deleteAlbum(deps, ana, oldAlbum);
    clock.advance(TRASH_DAYS * DAY - 1000);
    await trashPhotos(deps, bob, [recent.id]);
    await deleteAlbum(deps, ana, recentAlbum);
    clock.advance(1001);

    expect(await dailyCleanUp(deps)).toEqual({ unorganized: 0, trashed: 1, albums: 1 });

    expect(objectsOf(old.key)).toEqual([]);
    expect(photos.rows.has(old.id)).toBe(false);
    expect(objectsOf(recent.key)).toHaveLength(4);
    expect(await trashIds(bob)).toEqual([recent.id]);
    expect(albums.albums.has(oldAlbum)).toBe(false);
    expect((await restoreAlbum(deps, ana, recentAlbum)).photos.map((p) => p.id)).toEqual([kept.id]);
    expect(photos.rows.has(kept.id)).toBe(true);
  });

  it('runs every part even when one fails, then fails the run', async () => {
    const { deps, clock, photo, storage, albums, album } = setup();
    const a = await photo(ana);
    await trashPhotos(deps, ana, [a.id]);
    const albumId = album(ana, []);
    await deleteAlbum(deps, ana, albumId);
    clock.advance(TRASH_DAYS * DAY + 1);
    storage.failDeletes = true;
    await expect(dailyCleanUp(deps)).rejects.toThrow('the daily clean-up did not finish');
    expect(albums.albums.has(albumId)).toBe(false);
  });
});

describe('shownCover', () => {
  it('keeps the chosen cover while it is visible, else the first visible photo, else none', () => {
    expect(shownCover('b', ['a', 'b'])).toBe('b');
    expect(shownCover('x', ['a', 'b'])).toBe('a');
    expect(shownCover(null, ['a'])).toBe('a');
    expect(shownCover('x', [])).toBeNull();
  });
});
