/** Album edits and the library on a real PostgreSQL: ownership, covers, gapless order, transactions. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PostgresAlbumRepository } from '../../lambdas/adapters/postgres/postgres-album-repository.ts';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let albums: PostgresAlbumRepository;
let users: PostgresUserRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  albums = new PostgresAlbumRepository(testDb.db);
  users = new PostgresUserRepository(testDb.db);
});
afterAll(() => testDb.destroy());

/** A user with ready photos (ids in upload order) and albums made of some of them. */
async function library(photoCount: number, albumPhotos: number[][] = []) {
  const user = await users.ensure(`sub-${randomUUID()}`);
  const photoIds = Array.from({ length: photoCount }, () => randomUUID());
  if (photoIds.length > 0) {
    await testDb.db
      .insertInto('images')
      .values(
        photoIds.map((id, index) => ({
          id,
          owner_id: user.id,
          storage_key: originalKey(user.id, id, 'image/jpeg'),
          preview_key: `users/${user.id}/photos/${id}/preview.jpg`,
          original_filename: `photo-${index}.jpg`,
          content_type: 'image/jpeg',
          size_bytes: 100,
          width: 40,
          height: 30,
          status: 'ready' as const,
          created_at: new Date(Date.UTC(2026, 4, 1, 10, 0, index)),
        })),
      )
      .execute();
  }
  const albumIds: string[] = [];
  for (const [index, members] of albumPhotos.entries()) {
    const albumId = randomUUID();
    albumIds.push(albumId);
    const memberIds = members.map((member) => photoIds[member] as string);
    await testDb.db
      .insertInto('albums')
      .values({
        id: albumId,
        owner_id: user.id,
        title: `Album ${index}`,
        theme_description: 'Planned by the organizer',
        cover_image_id: memberIds[0] ?? null,
        created_at: new Date(Date.UTC(2026, 4, 2, 0, 0, index)),
      })
      .execute();
    if (memberIds.length > 0) {
      await testDb.db
        .insertInto('album_images')
        .values(
          memberIds.map((imageId, order) => ({ album_id: albumId, image_id: imageId, display_order: order })),
        )
        .execute();
    }
  }
  return { userId: user.id, photoIds, albumIds };
}

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
    expect(await albums.delete(bob.userId, albumId)).toBe(false);
    expect(await albums.delete(ana.userId, albumId)).toBe(true);
    expect(await albums.findOwned(ana.userId, albumId)).toBeNull();
    expect(await albums.delete(ana.userId, albumId)).toBe(false);
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

describe('deletePhoto', () => {
  it('deletes the record and its memberships, and repairs every album it was in', async () => {
    const ana = await library(3, [
      [0, 1],
      [2, 0],
    ]);
    const [first, second] = ana.albumIds as [string, string];
    const doomed = ana.photoIds[0] as string;
    expect(await albums.findPhoto(ana.userId, doomed)).toMatchObject({ id: doomed });
    expect(await albums.deletePhoto(ana.userId, doomed)).toBe(true);
    expect(await albums.findPhoto(ana.userId, doomed)).toBeNull();
    expect(await order(ana.userId, first)).toEqual({
      ids: [ana.photoIds[1]],
      displayOrders: [0],
      cover: ana.photoIds[1],
    });
    expect(await order(ana.userId, second)).toEqual({
      ids: [ana.photoIds[2]],
      displayOrders: [0],
      cover: ana.photoIds[2],
    });
    expect(await albums.deletePhoto(ana.userId, doomed)).toBe(false);
  });

  it("cannot touch another user's photo", async () => {
    const ana = await library(1, [[0]]);
    const bob = await library(0);
    expect(await albums.findPhoto(bob.userId, ana.photoIds[0] as string)).toBeNull();
    expect(await albums.deletePhoto(bob.userId, ana.photoIds[0] as string)).toBe(false);
    expect(await albums.findPhoto(ana.userId, ana.photoIds[0] as string)).not.toBeNull();
  });
});

describe('concurrent edits', () => {
  it('neither deadlock nor break the invariants when covers, moves and deletions race', async () => {
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
      ...ids.filter((_, index) => index % 2 === 0).map((imageId) => albums.deletePhoto(ana.userId, imageId)),
    ]);
    expect(outcomes).toHaveLength(12);
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
