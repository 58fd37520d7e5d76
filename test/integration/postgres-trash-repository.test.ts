/**
 * The Trash and deleted albums on a real PostgreSQL: hidden everywhere, memberships kept, covers that
 * fall back and come back, all-or-nothing bulk changes scoped to the owner, and purging that deletes
 * records only once their files are gone, with no restore slipping in between.
 */
import { randomUUID } from 'node:crypto';
import { PostgresAlbumRepository } from '../../lambdas/adapters/postgres/postgres-album-repository.ts';
import { PostgresGalleryRepository } from '../../lambdas/adapters/postgres/postgres-gallery-repository.ts';
import { PostgresPhotoRepository } from '../../lambdas/adapters/postgres/postgres-photo-repository.ts';
import { PostgresTrashRepository } from '../../lambdas/adapters/postgres/postgres-trash-repository.ts';
import type { PurgedPhotoFiles } from '../../lambdas/core/ports.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
import { seedLibrary } from '../support/seed-library.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let albums: PostgresAlbumRepository;
let gallery: PostgresGalleryRepository;
let trash: PostgresTrashRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  albums = new PostgresAlbumRepository(testDb.db);
  gallery = new PostgresGalleryRepository(testDb.db);
  trash = new PostgresTrashRepository(testDb.db);
});
afterAll(() => testDb.destroy());

const DAY = 24 * 3600 * 1000;
const noFiles = async () => {};

const library = (photoCount: number, albumPhotos: number[][] = []) =>
  seedLibrary(testDb.db, photoCount, albumPhotos);

async function shown(ownerId: string, albumId: string) {
  const album = await albums.findOwned(ownerId, albumId);
  return album && { ids: album.photos.map((photo) => photo.id), cover: album.coverImageId };
}

const libraryIds = async (ownerId: string) =>
  (await albums.listLibrary(ownerId, { limit: 100, after: null })).photos.map((photo) => photo.id);

const membershipRows = (albumId: string) =>
  testDb.db
    .selectFrom('album_images')
    .select(['image_id', 'display_order'])
    .where('album_id', '=', albumId)
    .orderBy('display_order')
    .execute();

describe('trash and restore', () => {
  it('hides a trashed photo from albums, the gallery and the library; its cover falls back; its memberships stay', async () => {
    const ana = await library(3, [[0, 1, 2], [0]]);
    const [a, b, c] = ana.photoIds as [string, string, string];
    const [first, second] = ana.albumIds as [string, string];
    const before = await membershipRows(first);

    expect(await trash.trash(ana.userId, [a], new Date())).toEqual({ notFound: [] });

    expect(await shown(ana.userId, first)).toEqual({ ids: [b, c], cover: b });
    expect(await shown(ana.userId, second)).toEqual({ ids: [], cover: null });
    const listed = await gallery.listAlbums(ana.userId);
    expect(listed.map((album) => [album.photos.map((photo) => photo.id), album.coverImageId])).toEqual([
      [[], null],
      [[b, c], b],
    ]);
    expect(await libraryIds(ana.userId)).toEqual([c, b]);
    expect(await membershipRows(first)).toEqual(before);
    expect(await trash.count(ana.userId)).toBe(1);
    const [found] = await new PostgresPhotoRepository(testDb.db).findOwnedByKeys(ana.userId, [
      originalKey(ana.userId, a, 'image/jpeg'),
    ]);
    expect(found?.trashedAt).toBeInstanceOf(Date);

    expect(await trash.restore(ana.userId, [a])).toEqual({ notFound: [] });
    expect(await shown(ana.userId, first)).toEqual({ ids: [a, b, c], cover: a });
    expect(await shown(ana.userId, second)).toEqual({ ids: [a], cover: a });
    expect(await trash.count(ana.userId)).toBe(0);
  });

  it("changes nothing when one id is another user's or unknown, and reports them alike", async () => {
    const ana = await library(2);
    const bob = await library(1);
    const madeUp = randomUUID();
    const [mine] = ana.photoIds as [string];
    const [bobs] = bob.photoIds as [string];
    expect(await trash.trash(ana.userId, [mine, bobs, madeUp], new Date())).toEqual({
      notFound: [bobs, madeUp],
    });
    expect(await trash.count(ana.userId)).toBe(0);
    expect(await trash.count(bob.userId)).toBe(0);
    await trash.trash(bob.userId, [bobs], new Date());
    expect(await trash.restore(ana.userId, [bobs])).toEqual({ notFound: [bobs] });
    expect(await trash.count(bob.userId)).toBe(1);
    expect((await trash.list(ana.userId, { limit: 10, after: null })).photos).toEqual([]);
  });

  it('keeps the first trashed date, and pages most recently trashed first', async () => {
    const ana = await library(5);
    const ids = ana.photoIds;
    const start = Date.UTC(2026, 5, 1);
    for (const [index, id] of ids.entries())
      await trash.trash(ana.userId, [id], new Date(start + index * 1000));
    // The same instant for two: the id breaks the tie.
    await testDb.db
      .updateTable('images')
      .set({ trashed_at: new Date(start) })
      .where('id', '=', ids[1] as string)
      .execute();
    await trash.trash(ana.userId, ids, new Date(start + DAY));

    const seen: { id: string; trashedAt: Date }[] = [];
    let after = null;
    do {
      const page: Awaited<ReturnType<typeof trash.list>> = await trash.list(ana.userId, { limit: 2, after });
      seen.push(...page.photos.map(({ id, trashedAt }) => ({ id, trashedAt })));
      after = page.next;
    } while (after);
    expect(seen.map((photo) => photo.id)).toEqual([
      ids[4],
      ids[3],
      ids[2],
      ...[ids[0], ids[1]].sort().reverse(),
    ]);
    expect(seen[0]?.trashedAt).toEqual(new Date(start + 4000));
  });

  it('refuses a trashed photo as a new member or a cover, and cannot take it out of an album', async () => {
    const ana = await library(2, [[0, 1], []]);
    const [a, b] = ana.photoIds as [string, string];
    const [full, empty] = ana.albumIds as [string, string];
    await trash.trash(ana.userId, [b], new Date());
    expect(await albums.addPhoto(ana.userId, { albumId: empty, imageId: b, fromAlbumId: full })).toBe(
      'photo_in_trash',
    );
    expect(await albums.update(ana.userId, full, { coverImageId: b })).toBe('cover_not_in_album');
    expect(await albums.removePhoto(ana.userId, full, b)).toBe('photo_not_in_album');
    expect(await membershipRows(full)).toHaveLength(2);
    expect(await albums.update(ana.userId, full, { coverImageId: a })).toBe('updated');
  });
});

describe('purge', () => {
  it('hands over every file, then deletes the records, memberships with them, and repairs the albums', async () => {
    const ana = await library(3, [[0, 1, 2]]);
    const bob = await library(1);
    const [a, b, c] = ana.photoIds as [string, string, string];
    const [albumId] = ana.albumIds as [string];
    const old = new Date(Date.UTC(2026, 0, 1));
    await trash.trash(ana.userId, [a], old);
    await trash.trash(ana.userId, [c], new Date(Date.UTC(2026, 2, 1)));
    await trash.trash(bob.userId, bob.photoIds, old);

    const handed: PurgedPhotoFiles[][] = [];
    const purged = await trash.purge(
      { trashedBefore: new Date(Date.UTC(2026, 1, 1)), limit: 10 },
      async (photos) => {
        handed.push(photos);
      },
    );

    expect(purged).toBe(2);
    expect(handed).toHaveLength(1);
    expect(handed[0]?.map((photo) => photo.storageKey).sort()).toEqual(
      [
        originalKey(ana.userId, a, 'image/jpeg'),
        originalKey(bob.userId, bob.photoIds[0] as string, 'image/jpeg'),
      ].sort(),
    );
    expect(handed[0]?.[0]).toMatchObject({
      previewKey: expect.stringMatching(/preview\.jpg$/),
      thumbnailKey: expect.stringMatching(/thumbnail\.jpg$/),
      modelKey: expect.stringMatching(/model\.jpg$/),
    });
    expect(await membershipRows(albumId)).toEqual([
      { image_id: b, display_order: 0 },
      { image_id: c, display_order: 1 },
    ]);
    const stored = await testDb.db
      .selectFrom('albums')
      .select('cover_image_id')
      .where('id', '=', albumId)
      .executeTakeFirst();
    expect(stored?.cover_image_id).toBe(b);
    expect(await trash.count(ana.userId)).toBe(1);
    expect(await trash.count(bob.userId)).toBe(0);
  });

  it('keeps every record when the files cannot be deleted', async () => {
    const ana = await library(2);
    await trash.trash(ana.userId, ana.photoIds, new Date());
    await expect(
      trash.purge({ ownerId: ana.userId, trashedBefore: null, limit: 10 }, async () => {
        throw new Error('storage is down');
      }),
    ).rejects.toThrow('storage is down');
    expect(await trash.count(ana.userId)).toBe(2);
  });

  it("empties only the owner's Trash when named, oldest first, up to the limit", async () => {
    const ana = await library(3);
    const bob = await library(1);
    for (const [index, id] of ana.photoIds.entries())
      await trash.trash(ana.userId, [id], new Date(Date.UTC(2026, 0, 1 + index)));
    await trash.trash(bob.userId, bob.photoIds, new Date(Date.UTC(2025, 0, 1)));
    expect(await trash.purge({ ownerId: ana.userId, trashedBefore: null, limit: 2 }, noFiles)).toBe(2);
    expect(
      (await trash.list(ana.userId, { limit: 10, after: null })).photos.map((photo) => photo.id),
    ).toEqual([ana.photoIds[2]]);
    expect(await trash.count(bob.userId)).toBe(1);
  });

  it('waits for a restore that came first, and a restore that comes during the purge finds nothing', async () => {
    const ana = await library(2);
    const [a, b] = ana.photoIds as [string, string];
    await trash.trash(ana.userId, [a, b], new Date());
    let restoring: Promise<{ notFound: string[] }> | undefined;
    const purged = await trash.purge({ ownerId: ana.userId, trashedBefore: null, limit: 10 }, async () => {
      // The purge holds the photos: this restore queues behind it.
      restoring = trash.restore(ana.userId, [a]);
      const settled = await Promise.race([
        restoring.then(() => 'restored'),
        delay(300).then(() => 'waiting'),
      ]);
      expect(settled).toBe('waiting');
    });
    expect(purged).toBe(2);
    expect(await restoring).toEqual({ notFound: [a] });
    expect(await libraryIds(ana.userId)).toEqual([]);
  });
});

describe('deleted albums', () => {
  it('are hidden and cannot be edited until restored, then come back with their photos in order', async () => {
    const ana = await library(3, [[2, 0, 1], [0]]);
    const [albumId, other] = ana.albumIds as [string, string];
    const [a] = ana.photoIds as [string];
    expect(await albums.delete(ana.userId, albumId, new Date())).toBe(true);

    expect((await gallery.listAlbums(ana.userId)).map((album) => album.id)).toEqual([other]);
    expect(await albums.findOwned(ana.userId, albumId)).toBeNull();
    expect(await albums.update(ana.userId, albumId, { title: 'x' })).toBe('album_not_found');
    expect(await albums.addPhoto(ana.userId, { albumId, imageId: a, fromAlbumId: null })).toBe(
      'album_not_found',
    );
    expect(await albums.addPhoto(ana.userId, { albumId: other, imageId: a, fromAlbumId: albumId })).toBe(
      'source_album_not_found',
    );
    expect(await albums.removePhoto(ana.userId, albumId, a)).toBe('album_not_found');
    const page = await albums.listLibrary(ana.userId, { limit: 10, after: null });
    expect(page.photos.find((photo) => photo.id === a)?.albumIds).toEqual([other]);

    const bob = await library(0);
    expect(await albums.restore(bob.userId, albumId)).toBe(false);
    expect(await albums.restore(ana.userId, albumId)).toBe(true);
    expect(await albums.restore(ana.userId, albumId)).toBe(false);
    expect(await shown(ana.userId, albumId)).toEqual({
      ids: [ana.photoIds[2], ana.photoIds[0], ana.photoIds[1]],
      cover: ana.photoIds[2],
    });
  });

  it('are forgotten once deleted before the cutoff; their photos stay', async () => {
    const ana = await library(1, [[0], [0]]);
    const [old, recent] = ana.albumIds as [string, string];
    await albums.delete(ana.userId, old, new Date(Date.UTC(2026, 0, 1)));
    await albums.delete(ana.userId, recent, new Date(Date.UTC(2026, 2, 1)));
    await testDb.db
      .insertInto('album_exclusions')
      .values({ album_id: old, image_id: ana.photoIds[0] as string })
      .execute();

    expect(await trash.purgeDeletedAlbums(new Date(Date.UTC(2026, 1, 1)))).toBe(1);

    const left = await testDb.db
      .selectFrom('albums')
      .select('id')
      .where('owner_id', '=', ana.userId)
      .execute();
    expect(left.map((album) => album.id)).toEqual([recent]);
    expect(await membershipRows(old)).toEqual([]);
    expect(await libraryIds(ana.userId)).toEqual(ana.photoIds);
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
