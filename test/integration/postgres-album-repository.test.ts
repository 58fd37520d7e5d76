/** Album edits and the library on a real PostgreSQL: ownership, covers, gapless order, transactions. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PostgresAlbumRepository } from '../../lambdas/adapters/postgres/postgres-album-repository.ts';
import { PostgresGalleryRepository } from '../../lambdas/adapters/postgres/postgres-gallery-repository.ts';
import { PostgresTrashRepository } from '../../lambdas/adapters/postgres/postgres-trash-repository.ts';
import { seedLibrary } from '../support/seed-library.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let albums: PostgresAlbumRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  albums = new PostgresAlbumRepository(testDb.db);
});
afterAll(() => testDb.destroy());

const library = (photoCount: number, albumPhotos: number[][] = []) =>
  seedLibrary(testDb.db, photoCount, albumPhotos);

async function order(ownerId: string, albumId: string) {
  const album = await albums.findOwned(ownerId, albumId);
  if (!album) throw new Error('album is gone');
  return {
    ids: album.photos.map((photo) => photo.id),
    displayOrders: album.photos.map((photo) => photo.displayOrder),
    cover: album.coverImageId,
  };
}

describe('findOwned', () => {
  it("returns the owner's album with its photos in display order, and nothing to anyone else", async () => {
    const ana = await library(3, [[2, 0, 1]]);
    const bob = await library(0);
    const album = await albums.findOwned(ana.userId, ana.albumIds[0] as string);
    expect(album).toMatchObject({ title: 'Album 0', coverImageId: ana.photoIds[2] });
    expect(album?.photos.map((photo) => photo.id)).toEqual([2, 0, 1].map((i) => ana.photoIds[i]));
    expect(album?.photos[0]).toMatchObject({ width: 40, height: 30, previewKey: expect.any(String) });
    expect(await albums.findOwned(bob.userId, ana.albumIds[0] as string)).toBeNull();
    expect(await albums.findOwned(ana.userId, randomUUID())).toBeNull();
  });
});

describe('album span', () => {
  it('answers the earliest and latest dates and the most common place of the photos not in the Trash', async () => {
    const ana = await library(5, [[0, 1, 2, 3, 4], []]);
    const [a, b, c, d, e] = ana.photoIds as [string, string, string, string, string];
    const set = (id: string, values: { taken_at?: Date; place_city?: string; place_country?: string }) =>
      testDb.db.updateTable('images').set(values).where('id', '=', id).execute();
    await set(a, {
      taken_at: new Date('2026-05-12T09:00:00Z'),
      place_city: 'Porto',
      place_country: 'Portugal',
    });
    await set(b, {
      taken_at: new Date('2026-05-14T20:00:00Z'),
      place_city: 'Porto',
      place_country: 'Portugal',
    });
    await set(c, {
      taken_at: new Date('2026-05-13T12:00:00Z'),
      place_city: 'Braga',
      place_country: 'Portugal',
    });
    // Trashed: neither its earlier date nor its place counts.
    await set(d, {
      taken_at: new Date('2026-01-01T00:00:00Z'),
      place_city: 'Braga',
      place_country: 'Portugal',
    });
    await set(e, { place_city: 'Braga', place_country: 'Portugal' });
    await new PostgresTrashRepository(testDb.db).trash(ana.userId, [d, e], new Date());

    const expected = {
      takenFrom: new Date('2026-05-12T09:00:00Z'),
      takenTo: new Date('2026-05-14T20:00:00Z'),
      place: { city: 'Porto', country: 'Portugal' },
    };
    const [albumId, emptyId] = ana.albumIds as [string, string];
    expect((await albums.findOwned(ana.userId, albumId))?.span).toEqual(expected);
    const listed = await new PostgresGalleryRepository(testDb.db).listAlbums(ana.userId);
    expect(listed.find((album) => album.id === albumId)?.span).toEqual(expected);
    expect(listed.find((album) => album.id === emptyId)?.span).toEqual({
      takenFrom: null,
      takenTo: null,
      place: null,
    });
  });
});

describe('update', () => {
  it('renames, describes and sets a cover that is in the album', async () => {
    const ana = await library(3, [[0, 1], [2]]);
    const [albumId] = ana.albumIds as [string];
    expect(
      await albums.update(ana.userId, albumId, {
        title: 'Porto, at last',
        themeDescription: '',
        coverImageId: ana.photoIds[1] as string,
      }),
    ).toBe('updated');
    expect(await albums.findOwned(ana.userId, albumId)).toMatchObject({
      title: 'Porto, at last',
      themeDescription: '',
      coverImageId: ana.photoIds[1],
    });
  });

  it('refuses a cover from another album, and changes nothing', async () => {
    const ana = await library(3, [[0, 1], [2]]);
    const [albumId] = ana.albumIds as [string];
    expect(
      await albums.update(ana.userId, albumId, { title: 'New', coverImageId: ana.photoIds[2] as string }),
    ).toBe('cover_not_in_album');
    expect(await albums.findOwned(ana.userId, albumId)).toMatchObject({
      title: 'Album 0',
      coverImageId: ana.photoIds[0],
    });
  });

  it("treats another user's album and a made-up id alike", async () => {
    const ana = await library(1, [[0]]);
    const bob = await library(1, [[0]]);
    const [anaAlbum] = ana.albumIds as [string];
    expect(await albums.update(bob.userId, anaAlbum, { title: 'Mine now' })).toBe('album_not_found');
    expect(await albums.update(ana.userId, randomUUID(), { title: 'x' })).toBe('album_not_found');
    // Bob's photo as Ana's cover: not in her album, so refused like any stranger.
    expect(await albums.update(ana.userId, anaAlbum, { coverImageId: bob.photoIds[0] as string })).toBe(
      'cover_not_in_album',
    );
    expect((await albums.findOwned(ana.userId, anaAlbum))?.title).toBe('Album 0');
  });
});

describe('delete', () => {
  it('deletes the album and keeps its photos in the library', async () => {
    const ana = await library(2, [[0, 1]]);
    const bob = await library(0);
    const [albumId] = ana.albumIds as [string];
    const at = new Date();
    expect(await albums.delete(bob.userId, albumId, at)).toBe(false);
    expect(await albums.delete(ana.userId, albumId, at)).toBe(true);
    expect(await albums.findOwned(ana.userId, albumId)).toBeNull();
    expect(await albums.delete(ana.userId, albumId, at)).toBe(false);
    const page = await albums.listLibrary(ana.userId, { limit: 10, after: null });
    expect(page.photos.map((photo) => photo.id).sort()).toEqual([...ana.photoIds].sort());
    expect(page.photos.every((photo) => photo.albumIds.length === 0)).toBe(true);
  });
});

describe('addPhoto', () => {
  it('moves a photo to the end of another album and closes the gap it leaves', async () => {
    const ana = await library(5, [
      [0, 1, 2],
      [3, 4],
    ]);
    const [from, to] = ana.albumIds as [string, string];
    const moved = ana.photoIds[1] as string;
    expect(await albums.addPhoto(ana.userId, { albumId: to, imageId: moved, fromAlbumId: from })).toBe(
      'added',
    );
    expect(await order(ana.userId, from)).toEqual({
      ids: [ana.photoIds[0], ana.photoIds[2]],
      displayOrders: [0, 1],
      cover: ana.photoIds[0],
    });
    expect(await order(ana.userId, to)).toEqual({
      ids: [ana.photoIds[3], ana.photoIds[4], moved],
      displayOrders: [0, 1, 2],
      cover: ana.photoIds[3],
    });
  });

  it("moves the source's cover to its first remaining photo, or to none when it is left empty", async () => {
    const ana = await library(3, [[0, 1], [2]]);
    const [from, to] = ana.albumIds as [string, string];
    await albums.addPhoto(ana.userId, { albumId: to, imageId: ana.photoIds[0] as string, fromAlbumId: from });
    expect((await order(ana.userId, from)).cover).toBe(ana.photoIds[1]);
    await albums.addPhoto(ana.userId, { albumId: to, imageId: ana.photoIds[1] as string, fromAlbumId: from });
    expect(await order(ana.userId, from)).toEqual({ ids: [], displayOrders: [], cover: null });
  });

  it('gives an empty album a cover, and keeps a photo only once when it is added again', async () => {
    const ana = await library(2, [[], [0, 1]]);
    const [empty, full] = ana.albumIds as [string, string];
    await albums.addPhoto(ana.userId, {
      albumId: empty,
      imageId: ana.photoIds[1] as string,
      fromAlbumId: null,
    });
    expect(await order(ana.userId, empty)).toEqual({
      ids: [ana.photoIds[1]],
      displayOrders: [0],
      cover: ana.photoIds[1],
    });
    // Adding without a source keeps it in its other album too: albums may share photos.
    expect((await order(ana.userId, full)).ids).toEqual([ana.photoIds[0], ana.photoIds[1]]);
    await albums.addPhoto(ana.userId, {
      albumId: full,
      imageId: ana.photoIds[0] as string,
      fromAlbumId: null,
    });
    expect(await order(ana.userId, full)).toEqual({
      ids: [ana.photoIds[1], ana.photoIds[0]],
      displayOrders: [0, 1],
      cover: ana.photoIds[0],
    });
  });

  it("answers not found for another user's albums and photos, and changes nothing", async () => {
    const ana = await library(2, [[0], [1]]);
    const bob = await library(1, [[0]]);
    const [anaFirst, anaSecond] = ana.albumIds as [string, string];
    const [bobAlbum] = bob.albumIds as [string];
    const anaPhoto = ana.photoIds[0] as string;
    const bobPhoto = bob.photoIds[0] as string;
    expect(
      await albums.addPhoto(bob.userId, { albumId: anaFirst, imageId: bobPhoto, fromAlbumId: null }),
    ).toBe('album_not_found');
    expect(
      await albums.addPhoto(ana.userId, { albumId: anaFirst, imageId: bobPhoto, fromAlbumId: null }),
    ).toBe('photo_not_found');
    expect(
      await albums.addPhoto(ana.userId, { albumId: anaSecond, imageId: anaPhoto, fromAlbumId: bobAlbum }),
    ).toBe('source_album_not_found');
    expect(
      await albums.addPhoto(bob.userId, { albumId: bobAlbum, imageId: anaPhoto, fromAlbumId: null }),
    ).toBe('photo_not_found');
    expect((await order(ana.userId, anaFirst)).ids).toEqual([anaPhoto]);
    expect((await order(ana.userId, anaSecond)).ids).toEqual([ana.photoIds[1]]);
    expect((await order(bob.userId, bobAlbum)).ids).toEqual([bobPhoto]);
  });

  it('refuses a photo that was never uploaded or could not be read', async () => {
    const ana = await library(1, [[0]]);
    const [albumId] = ana.albumIds as [string];
    await testDb.db
      .updateTable('images')
      .set({ status: 'rejected' })
      .where('id', '=', ana.photoIds[0] as string)
      .execute();
    expect(
      await albums.addPhoto(ana.userId, { albumId, imageId: ana.photoIds[0] as string, fromAlbumId: null }),
    ).toBe('photo_not_ready');
  });

  it('keeps both albums gapless under many concurrent moves', async () => {
    const ana = await library(12, [
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10, 11],
    ]);
    const [left, right] = ana.albumIds as [string, string];
    await Promise.all(
      ana.photoIds.map((imageId, index) =>
        index < 6
          ? albums.addPhoto(ana.userId, { albumId: right, imageId, fromAlbumId: left })
          : albums.addPhoto(ana.userId, { albumId: left, imageId, fromAlbumId: right }),
      ),
    );
    const leftNow = await order(ana.userId, left);
    const rightNow = await order(ana.userId, right);
    expect(new Set(leftNow.ids)).toEqual(new Set(ana.photoIds.slice(6)));
    expect(new Set(rightNow.ids)).toEqual(new Set(ana.photoIds.slice(0, 6)));
    expect(leftNow.displayOrders).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rightNow.displayOrders).toEqual([0, 1, 2, 3, 4, 5]);
    expect(leftNow.ids).toContain(leftNow.cover);
    expect(rightNow.ids).toContain(rightNow.cover);
  });
});

describe('removePhoto', () => {
  it('takes the photo out, closes the gap and repairs the cover; the photo stays in the library', async () => {
    const ana = await library(3, [[0, 1, 2]]);
    const [albumId] = ana.albumIds as [string];
    expect(await albums.removePhoto(ana.userId, albumId, ana.photoIds[0] as string)).toBe('removed');
    expect(await order(ana.userId, albumId)).toEqual({
      ids: [ana.photoIds[1], ana.photoIds[2]],
      displayOrders: [0, 1],
      cover: ana.photoIds[1],
    });
    expect(await albums.findPhoto(ana.userId, ana.photoIds[0] as string)).toMatchObject({ status: 'ready' });
    expect(await albums.removePhoto(ana.userId, albumId, ana.photoIds[0] as string)).toBe(
      'photo_not_in_album',
    );
  });

  it("answers not found for another user's album or photo", async () => {
    const ana = await library(1, [[0]]);
    const bob = await library(1, [[0]]);
    const [anaAlbum] = ana.albumIds as [string];
    expect(await albums.removePhoto(bob.userId, anaAlbum, ana.photoIds[0] as string)).toBe('album_not_found');
    expect(await albums.removePhoto(ana.userId, anaAlbum, bob.photoIds[0] as string)).toBe(
      'photo_not_in_album',
    );
    expect((await order(ana.userId, anaAlbum)).ids).toEqual([ana.photoIds[0]]);
  });
});

describe("the user's word stands", () => {
  const exclusions = (albumId: string) =>
    testDb.db
      .selectFrom('album_exclusions')
      .select('image_id')
      .where('album_id', '=', albumId)
      .execute()
      .then((rows) => rows.map((row) => row.image_id));
  const marks = (albumId: string) =>
    testDb.db
      .selectFrom('albums')
      .select(['title_edited', 'description_edited'])
      .where('id', '=', albumId)
      .executeTakeFirstOrThrow();

  it('marks a title or description the user wrote, each on its own', async () => {
    const { userId, albumIds } = await library(1, [[0]]);
    const albumId = albumIds[0] as string;
    expect(await marks(albumId)).toEqual({ title_edited: false, description_edited: false });
    await albums.update(userId, albumId, { title: 'Porto with Ana' });
    expect(await marks(albumId)).toEqual({ title_edited: true, description_edited: false });
    await albums.update(userId, albumId, { themeDescription: 'Our week by the river.' });
    expect(await marks(albumId)).toEqual({ title_edited: true, description_edited: true });
  });

  it('remembers a photo taken out of an album or moved out of it, and forgets it when the user puts it back', async () => {
    const { userId, photoIds, albumIds } = await library(3, [[0, 1, 2], []]);
    const [from, to] = albumIds as [string, string];
    const [first, second] = photoIds as [string, string];
    expect(await albums.removePhoto(userId, from, first)).toBe('removed');
    expect(await albums.addPhoto(userId, { albumId: to, imageId: second, fromAlbumId: from })).toBe('added');
    expect((await exclusions(from)).sort()).toEqual([first, second].sort());
    expect(await exclusions(to)).toEqual([]);

    expect(await albums.addPhoto(userId, { albumId: from, imageId: first, fromAlbumId: null })).toBe('added');
    expect(await exclusions(from)).toEqual([second]);
    // Photos the user places are not the organizer's: undoing a job never takes them out.
    const placed = await testDb.db
      .selectFrom('album_images')
      .select('added_by_job')
      .where('image_id', 'in', [first, second])
      .execute();
    expect(placed.map((row) => row.added_by_job)).toEqual([null, null]);
  });
});

describe('concurrent edits', () => {
  it('neither deadlock nor break the invariants when covers, moves, trashing and purging race', async () => {
    const trash = new PostgresTrashRepository(testDb.db);
    const ana = await library(8, [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    const [left, right] = ana.albumIds as [string, string];
    const ids = ana.photoIds as string[];
    const outcomes = await Promise.all([
      ...ids.slice(0, 4).map((imageId) => albums.update(ana.userId, left, { coverImageId: imageId })),
      ...ids
        .slice(0, 4)
        .map((imageId) => albums.addPhoto(ana.userId, { albumId: right, imageId, fromAlbumId: left })),
      ...ids
        .filter((_, index) => index % 2 === 0)
        .map((imageId) => trash.trash(ana.userId, [imageId], new Date())),
      trash.purge({ ownerId: ana.userId, trashedBefore: null, limit: 2 }, async () => {}),
      trash.purge({ ownerId: ana.userId, trashedBefore: null, limit: 2 }, async () => {}),
    ]);
    expect(outcomes).toHaveLength(14);
    // What the racing purges did not get to yet.
    await trash.purge({ ownerId: ana.userId, trashedBefore: null, limit: 10 }, async () => {});
    for (const albumId of [left, right]) {
      const now = await order(ana.userId, albumId);
      expect(now.displayOrders).toEqual(now.ids.map((_, index) => index));
      expect(now.cover === null ? now.ids.length === 0 : now.ids.includes(now.cover)).toBe(true);
    }
    const survivors = ids.filter((_, index) => index % 2 === 1);
    const placed = [...(await order(ana.userId, left)).ids, ...(await order(ana.userId, right)).ids];
    expect(new Set(placed)).toEqual(new Set(survivors));
  });
});

describe('albumsHolding', () => {
  it("names the owner's albums that hold the photo, newest first, never a deleted or someone else's", async () => {
    const ana = await library(2, [[0, 1], [1], [0]]);
    const bob = await library(0);
    const [first, second, third] = ana.albumIds as [string, string, string];
    expect(await albums.albumsHolding(ana.userId, ana.photoIds[0] as string)).toEqual([
      { id: third, title: 'Album 2' },
      { id: first, title: 'Album 0' },
    ]);
    await albums.delete(ana.userId, third, new Date());
    expect(await albums.albumsHolding(ana.userId, ana.photoIds[0] as string)).toEqual([
      { id: first, title: 'Album 0' },
    ]);
    expect((await albums.albumsHolding(ana.userId, ana.photoIds[1] as string)).map((a) => a.id)).toEqual([
      second,
      first,
    ]);
    expect(await albums.albumsHolding(bob.userId, ana.photoIds[1] as string)).toEqual([]);
  });
});

describe('listLibrary', () => {
  it('lists ready photos newest first with the albums each is in, and nobody else sees them', async () => {
    const ana = await library(3, [[0, 1], [1]]);
    const bob = await library(0);
    await testDb.db
      .updateTable('images')
      .set({ status: 'awaiting_upload' })
      .where('id', '=', ana.photoIds[2] as string)
      .execute();
    const page = await albums.listLibrary(ana.userId, { limit: 10, after: null });
    expect(page.next).toBeNull();
    expect(page.photos.map((photo) => photo.id)).toEqual([ana.photoIds[1], ana.photoIds[0]]);
    expect(page.photos[0]?.albumIds.sort()).toEqual([...ana.albumIds].sort());
    expect(page.photos[1]).toMatchObject({ albumIds: [ana.albumIds[0]], originalFilename: 'photo-0.jpg' });
    expect(await albums.listLibrary(bob.userId, { limit: 10, after: null })).toEqual({
      photos: [],
      next: null,
    });
  });

  it('pages without losing or repeating photos, even when they share a timestamp to the microsecond', async () => {
    const ana = await library(7);
    const sameInstant = '2026-05-01 10:00:00.123456+00';
    // created_at is not updatable through the typed schema (rows never move in time); tests may.
    await sql`update images set created_at = ${sameInstant}::timestamptz where id = any(${ana.photoIds.slice(0, 4)}::uuid[])`.execute(
      testDb.db,
    );
    const seen: string[] = [];
    let after = null;
    do {
      const page: Awaited<ReturnType<typeof albums.listLibrary>> = await albums.listLibrary(ana.userId, {
        limit: 2,
        after,
      });
      expect(page.photos.length).toBeLessThanOrEqual(2);
      seen.push(...page.photos.map((photo) => photo.id));
      after = page.next;
    } while (after);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ana.photoIds));
    // Newest first: the three photos created later come before the four that share an older instant.
    expect(new Set(seen.slice(0, 3))).toEqual(new Set(ana.photoIds.slice(4)));
  });
});

// ---------------------------------------------------------------------------------------------------
// Organizing by hand: new albums, merges, bulk add / move / remove
// ---------------------------------------------------------------------------------------------------

async function albumRow(albumId: string) {
  return testDb.db.selectFrom('albums').selectAll().where('id', '=', albumId).executeTakeFirstOrThrow();
}

async function exclusions(albumId: string) {
  const rows = await testDb.db
    .selectFrom('album_exclusions')
    .select('image_id')
    .where('album_id', '=', albumId)
    .execute();
  return rows.map((row) => row.image_id).sort();
}

async function memberRows(albumId: string) {
  return testDb.db
    .selectFrom('album_images')
    .select(['image_id', 'display_order', 'added_by_job'])
    .where('album_id', '=', albumId)
    .orderBy('display_order')
    .execute();
}

async function trash(imageId: string) {
  await testDb.db.updateTable('images').set({ trashed_at: new Date() }).where('id', '=', imageId).execute();
}

describe('the library timeline', () => {
  it('lists newest taken first (upload time without a date), pages from a position, and counts months', async () => {
    const ana = await library(4);
    const [a, b, c, d] = ana.photoIds as [string, string, string, string];
    const takenAt = (id: string, at: string) =>
      testDb.db
        .updateTable('images')
        .set({ taken_at: new Date(at) })
        .where('id', '=', id)
        .execute();
    await takenAt(a, '2026-05-12T10:00:00Z');
    await takenAt(b, '2025-12-31T23:59:59Z');
    await takenAt(c, '2026-06-01T00:00:00Z');
    // d has no date: it sits at its upload time, 2026-05-01T10:00:03Z.

    const page = await albums.listLibrary(ana.userId, { limit: 10, after: null });
    expect(page.photos.map((photo) => photo.id)).toEqual([c, a, d, b]);
    const fromMay = await albums.listLibrary(ana.userId, {
      limit: 2,
      after: { at: '2026-06-01T00:00:00.000000Z', id: '00000000-0000-0000-0000-000000000000' },
    });
    expect(fromMay.photos.map((photo) => photo.id)).toEqual([a, d]);
    expect(fromMay.next).toEqual({ at: '2026-05-01T10:00:03.000000Z', id: d });
    expect(await albums.libraryMonths(ana.userId)).toEqual([
      { month: '2026-06', count: 1 },
      { month: '2026-05', count: 2 },
      { month: '2025-12', count: 1 },
    ]);
    expect(await albums.libraryMonths((await library(0)).userId)).toEqual([]);
  });

  it('is served by the timeline index', async () => {
    const ana = await library(1);
    // One connection (a transaction): the setting and the plan must meet.
    const plan = await testDb.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql<{ 'QUERY PLAN': string }>`explain select id from images i
        where owner_id = ${ana.userId} and status = 'ready' and trashed_at is null
        order by coalesce(i.taken_at, i.created_at) desc, i.id desc limit 61`.execute(trx);
    });
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('images_owner_timeline_idx');
  });
});

describe('create', () => {
  it("makes the user's album: origin user, title and description marked as the user's, photos in order", async () => {
    const ana = await library(3);
    const [a, b, c] = ana.photoIds as [string, string, string];
    const id = randomUUID();
    expect(
      await albums.create(ana.userId, { id, title: 'Summer', themeDescription: '', imageIds: [c, a, b] }),
    ).toEqual({ outcome: 'created', albumId: id });
    expect(await albumRow(id)).toMatchObject({
      owner_id: ana.userId,
      job_id: null,
      title: 'Summer',
      origin: 'user',
      title_edited: true,
      description_edited: true,
      deleted_at: null,
      cover_image_id: c,
    });
    expect(await memberRows(id)).toEqual([
      { image_id: c, display_order: 0, added_by_job: null },
      { image_id: a, display_order: 1, added_by_job: null },
      { image_id: b, display_order: 2, added_by_job: null },
    ]);
  });

  it('refuses foreign, unknown, trashed and unready photos, and writes nothing', async () => {
    const ana = await library(3);
    const bob = await library(1);
    const [a, b, c] = ana.photoIds as [string, string, string];
    const madeUp = randomUUID();
    await trash(b);
    await testDb.db.updateTable('images').set({ status: 'analyzed' }).where('id', '=', c).execute();
    const attempt = (imageIds: string[]) =>
      albums.create(ana.userId, { id: randomUUID(), title: 'x', themeDescription: '', imageIds });
    expect(await attempt([a, bob.photoIds[0] as string, madeUp])).toEqual({
      outcome: 'photos_not_found',
      imageIds: [bob.photoIds[0], madeUp],
    });
    expect(await attempt([a, b, c])).toEqual({ outcome: 'photos_in_trash', imageIds: [b] });
    expect(await attempt([a, c])).toEqual({ outcome: 'photos_not_ready', imageIds: [c] });
    const count = await testDb.db
      .selectFrom('albums')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('owner_id', '=', ana.userId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});

describe('addPhotos', () => {
  it('moves many photos in one transaction: gapless orders, covers repaired, exclusions written, user placements', async () => {
    const ana = await library(6, [
      [0, 1, 2, 3],
      [4, 5],
    ]);
    const [source, target] = ana.albumIds as [string, string];
    const [p0, p1, p2, p3, p4, p5] = ana.photoIds as string[];
    expect(
      await albums.addPhotos(ana.userId, {
        albumId: target,
        imageIds: [p2 as string, p0 as string, p5 as string],
        fromAlbumId: source,
      }),
    ).toEqual({ outcome: 'added', added: 2 });
    expect(await order(ana.userId, source)).toEqual({ ids: [p1, p3], displayOrders: [0, 1], cover: p1 });
    expect(await order(ana.userId, target)).toEqual({
      ids: [p4, p5, p2, p0],
      displayOrders: [0, 1, 2, 3],
      cover: p4,
    });
    expect(await exclusions(source)).toEqual([p0, p2].sort());
    expect((await memberRows(target)).map((row) => row.added_by_job)).toEqual([null, null, null, null]);
    // Moving one back clears the exclusion the move wrote.
    await albums.addPhotos(ana.userId, { albumId: source, imageIds: [p2 as string], fromAlbumId: target });
    expect(await exclusions(source)).toEqual([p0]);
    expect(await exclusions(target)).toEqual([p2]);
  });

  it('refuses a deleted album as target or source, and trashed photos, changing nothing', async () => {
    const ana = await library(3, [[0], [1], [2]]);
    const [first, second, deleted] = ana.albumIds as [string, string, string];
    const [p0, p1, p2] = ana.photoIds as [string, string, string];
    await testDb.db.updateTable('albums').set({ deleted_at: new Date() }).where('id', '=', deleted).execute();
    expect(
      await albums.addPhotos(ana.userId, { albumId: deleted, imageIds: [p0], fromAlbumId: null }),
    ).toEqual({
      outcome: 'album_not_found',
    });
    expect(
      await albums.addPhotos(ana.userId, { albumId: first, imageIds: [p2], fromAlbumId: deleted }),
    ).toEqual({
      outcome: 'source_album_not_found',
    });
    await trash(p1);
    expect(
      await albums.addPhotos(ana.userId, { albumId: first, imageIds: [p1], fromAlbumId: second }),
    ).toEqual({
      outcome: 'photos_in_trash',
      imageIds: [p1],
    });
    expect(await memberRows(second)).toHaveLength(1);
    expect(await order(ana.userId, first)).toMatchObject({ ids: [p0] });
  });

  it("treats another user's album, source and photos as unknown", async () => {
    const ana = await library(2, [[0], [1]]);
    const bob = await library(1, [[0]]);
    const [first, second] = ana.albumIds as [string, string];
    const [bobAlbum] = bob.albumIds as [string];
    const [bobPhoto] = bob.photoIds as [string];
    const [p0] = ana.photoIds as [string];
    expect(
      await albums.addPhotos(ana.userId, { albumId: bobAlbum, imageIds: [p0], fromAlbumId: null }),
    ).toEqual({
      outcome: 'album_not_found',
    });
    expect(
      await albums.addPhotos(ana.userId, { albumId: second, imageIds: [p0], fromAlbumId: bobAlbum }),
    ).toEqual({
      outcome: 'source_album_not_found',
    });
    expect(
      await albums.addPhotos(ana.userId, { albumId: second, imageIds: [bobPhoto], fromAlbumId: first }),
    ).toEqual({ outcome: 'photos_not_found', imageIds: [bobPhoto] });
    expect(await order(bob.userId, bobAlbum)).toMatchObject({ ids: [bobPhoto] });
    expect(await order(ana.userId, first)).toMatchObject({ ids: [p0] });
  });

  it('moves 500 photos at once', async () => {
    const ana = await library(500, [Array.from({ length: 500 }, (_, i) => i), []]);
    const [source, target] = ana.albumIds as [string, string];
    const started = performance.now();
    expect(
      await albums.addPhotos(ana.userId, {
        albumId: target,
        imageIds: [...ana.photoIds].reverse(),
        fromAlbumId: source,
      }),
    ).toEqual({ outcome: 'added', added: 500 });
    const elapsed = performance.now() - started;
    const moved = await order(ana.userId, target);
    expect(moved.ids).toEqual([...ana.photoIds].reverse());
    expect(moved.displayOrders).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(await order(ana.userId, source)).toEqual({ ids: [], displayOrders: [], cover: null });
    expect(await exclusions(source)).toHaveLength(500);
    console.log(`moved 500 photos in ${elapsed.toFixed(0)} ms`);
  });
});

describe('removePhotos', () => {
  it('takes out the photos that are there, writes exclusions, skips the rest', async () => {
    const ana = await library(4, [[0, 1, 2, 3], [0]]);
    const bob = await library(1, [[0]]);
    const [album, other] = ana.albumIds as [string, string];
    const [p0, p1, p2, p3] = ana.photoIds as [string, string, string, string];
    expect(
      await albums.removePhotos(ana.userId, album, [p0, p2, bob.photoIds[0] as string, randomUUID()]),
    ).toEqual({
      outcome: 'removed',
      removed: 2,
    });
    expect(await order(ana.userId, album)).toEqual({ ids: [p1, p3], displayOrders: [0, 1], cover: p1 });
    expect(await order(ana.userId, other)).toMatchObject({ ids: [p0] });
    expect(await exclusions(album)).toEqual([p0, p2].sort());
    expect(
      await albums.removePhotos(ana.userId, bob.albumIds[0] as string, [bob.photoIds[0] as string]),
    ).toEqual({
      outcome: 'album_not_found',
    });
    expect(await order(bob.userId, bob.albumIds[0] as string)).toMatchObject({ ids: [bob.photoIds[0]] });
  });
});

describe('merge', () => {
  it('appends the sources in order (trashed photos too), skips those there, soft-deletes the sources', async () => {
    const ana = await library(6, [
      [0, 1],
      [2, 0, 3],
      [4, 2, 5],
    ]);
    const [target, first, second] = ana.albumIds as [string, string, string];
    const [p0, p1, p2, p3, p4, p5] = ana.photoIds as string[];
    await trash(p3 as string);
    await testDb.db
      .insertInto('album_exclusions')
      .values({ album_id: target, image_id: p4 as string })
      .execute();
    expect(await albums.merge(ana.userId, target, [second, first])).toEqual({ outcome: 'merged', added: 4 });
    const rows = await memberRows(target);
    expect(rows.map((row) => row.image_id)).toEqual([p0, p1, p4, p2, p5, p3]);
    expect(rows.map((row) => row.display_order)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows.every((row) => row.added_by_job === null)).toBe(true);
    expect(await exclusions(target)).toEqual([]);
    for (const source of [first, second]) {
      expect((await albumRow(source)).deleted_at).toBeInstanceOf(Date);
      expect(await albums.findOwned(ana.userId, source)).toBeNull();
    }
    // The sources keep their own memberships, for a restore.
    expect((await memberRows(first)).map((row) => row.image_id)).toEqual([p2, p0, p3]);
    // Deleted albums are gone from the gallery and from the library's album lists.
    const gallery = await new PostgresGalleryRepository(testDb.db).listAlbums(ana.userId);
    expect(gallery.map((album) => album.id)).toEqual([target]);
    const page = await albums.listLibrary(ana.userId, { limit: 10, after: null });
    expect(new Set(page.photos.flatMap((photo) => photo.albumIds))).toEqual(new Set([target]));
    // Merged away: neither a source nor a target any more.
    expect(await albums.merge(ana.userId, target, [first])).toEqual({
      outcome: 'source_albums_not_found',
      albumIds: [first],
    });
    expect(await albums.merge(ana.userId, first, [target])).toEqual({ outcome: 'album_not_found' });
  });

  it("treats another user's albums as unknown and changes nothing", async () => {
    const ana = await library(2, [[0], [1]]);
    const bob = await library(1, [[0]]);
    const [target, mine] = ana.albumIds as [string, string];
    const [bobAlbum] = bob.albumIds as [string];
    const madeUp = randomUUID();
    expect(await albums.merge(ana.userId, target, [mine, bobAlbum, madeUp])).toEqual({
      outcome: 'source_albums_not_found',
      albumIds: [bobAlbum, madeUp],
    });
    expect(await albums.merge(ana.userId, bobAlbum, [mine])).toEqual({ outcome: 'album_not_found' });
    expect((await albumRow(mine)).deleted_at).toBeNull();
    expect((await albumRow(bobAlbum)).deleted_at).toBeNull();
    expect(await order(ana.userId, target)).toMatchObject({ ids: [ana.photoIds[0]] });
  });

  it('two opposite merges at once: exactly one wins, no deadlock, nothing lost', async () => {
    for (let round = 0; round < 5; round++) {
      const ana = await library(4, [
        [0, 1],
        [2, 3],
      ]);
      const [a, b] = ana.albumIds as [string, string];
      const outcomes = await Promise.all([
        albums.merge(ana.userId, a, [b]),
        albums.merge(ana.userId, b, [a]),
      ]);
      expect(outcomes.filter((result) => result.outcome === 'merged')).toHaveLength(1);
      const survivor = outcomes[0].outcome === 'merged' ? a : b;
      expect((await order(ana.userId, survivor)).ids.sort()).toEqual([...ana.photoIds].sort());
    }
  });
});
