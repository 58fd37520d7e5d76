/**
 * The Trash end to end on the local runtime: photos trashed over HTTP leave the gallery and the library
 * and come back where they were; emptying the Trash and the daily clean-up delete the storage objects;
 * organizing leaves a trashed photo out; a deleted album comes back with its photos and order.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { MAX_BULK_PHOTOS, photoFileKeys } from '../../lambdas/core/upload-policy.ts';
import { create as createDailyCleanUp } from '../../lambdas/handlers/schedule/daily-clean-up.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  // The first job of a fresh app loads the image and face models: on a busy machine that alone can
  // take most of a test's minute, so it is paid here, with room, and not by the first test.
  await userWithAlbum('warm-up', 1);
}, 180_000);
afterAll(() => harness?.stop());

const porto = { latitude: 41.1496, longitude: -8.6109 };

/** A new user with one organized day of `count` photos; returns the user and that album. */
async function userWithAlbum(name: string, count = 3) {
  const user = await harness.signIn(`${name}-${randomUUID().slice(0, 8)}`);
  const files = await Promise.all(
    Array.from({ length: count }, async (_, index) => ({
      name: `${name}-${index}.jpg`,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 320,
        height: 240,
        takenAt: new Date(Date.UTC(2026, 4, 2, 10 + index)),
        gps: porto,
        color: ['#3366cc', '#aa5522', '#22aa55', '#888888'][index % 4] as string,
      }),
    })),
  );
  const keys = await uploadFiles(harness, user.token, files);
  const started = await harness.api('/api/galleries/process', {
    token: user.token,
    body: { imageKeys: keys },
  });
  const job = await waitForJob(harness, user.token, started.body.jobId);
  if (job.status !== 'completed') throw new Error(`job ${job.status}: ${job.error}`);
  const albums = (await harness.api('/api/galleries/me', { token: user.token })).body.albums;
  const album = albums.find((candidate: any) => candidate.photoCount === count);
  if (!album)
    throw new Error(`no album of ${count} photos: ${JSON.stringify(albums.map((a: any) => a.photoCount))}`);
  return { ...user, keys, album };
}

async function galleryAlbum(token: string, albumId: string) {
  const albums = (await harness.api('/api/galleries/me', { token })).body.albums;
  return albums.find((album: any) => album.id === albumId);
}

const libraryIds = async (token: string) =>
  (await harness.api('/api/images?limit=1000', { token })).body.images.map((image: any) => image.id);
const trashIds = async (token: string) =>
  (await harness.api('/api/trash', { token })).body.images.map((image: any) => image.id);
const stored = async (storageKey: string) =>
  Promise.all(
    photoFileKeys(storageKey).map(async (key) => (await harness.app.http.storage.head(key)) !== null),
  );

describe('trash and restore', () => {
  it('trash → gone from the gallery and the library → restore → back in its place, cover too', async () => {
    const ana = await userWithAlbum('ana');
    const [first, second, third] = ana.album.images;
    expect(ana.album.coverImageId).toBe(first.id);

    const trashed = await harness.api('/api/images/trash', {
      token: ana.token,
      body: { imageIds: [first.id, third.id, first.id] },
    });
    expect(trashed.status).toBe(200);
    expect(trashed.body.trashed).toBe(2);
    expect(Date.parse(trashed.body.purgeAt) - Date.parse(trashed.body.trashedAt)).toBe(30 * 24 * 3600 * 1000);

    const hidden = await galleryAlbum(ana.token, ana.album.id);
    expect(hidden.images.map((image: any) => image.id)).toEqual([second.id]);
    expect(hidden.coverImageId).toBe(second.id);
    expect(await libraryIds(ana.token)).toEqual([second.id]);
    const trash = await harness.api('/api/trash', { token: ana.token });
    expect(trash.body.images.map((image: any) => image.id).sort()).toEqual([first.id, third.id].sort());
    expect(trash.body.images[0]).toMatchObject({
      trashedAt: trashed.body.trashedAt,
      purgeAt: trashed.body.purgeAt,
    });
    // Its files are still there (original and renditions): the Trash can show the photo.
    expect(await stored(first.storageKey)).toEqual([true, true, true, true]);

    const restored = await harness.api('/api/images/restore', {
      token: ana.token,
      body: { imageIds: [first.id, third.id] },
    });
    expect([restored.status, restored.body]).toEqual([200, { restored: 2 }]);
    const back = await galleryAlbum(ana.token, ana.album.id);
    expect(back.images.map((image: any) => image.id)).toEqual([first.id, second.id, third.id]);
    expect(back.coverImageId).toBe(first.id);
    expect(await trashIds(ana.token)).toEqual([]);
  });

  it('refuses to add a trashed photo to an album with a clear 409, and says the bulk limit in words', async () => {
    const ana = await userWithAlbum('ana', 2);
    const [kept, doomed] = ana.album.images;
    await harness.api(`/api/images/${doomed.id}`, { token: ana.token, method: 'DELETE' });
    const other = await harness.api(`/api/albums/${ana.album.id}/images`, {
      token: ana.token,
      body: { imageId: doomed.id },
    });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({
      code: 'image_in_trash',
      message: 'the photo is in the Trash; restore it first',
    });
    const tooMany = await harness.api('/api/images/trash', {
      token: ana.token,
      body: { imageIds: [kept.id, ...Array.from({ length: MAX_BULK_PHOTOS }, () => randomUUID())] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'too_many_items', details: { limit: MAX_BULK_PHOTOS } });
    expect(tooMany.body.error.message).toBe(
      `imageIds: one request takes at most ${MAX_BULK_PHOTOS} photos: send the rest in another request`,
    );
    expect(await libraryIds(ana.token)).toEqual([kept.id]);
  });
});

describe('deleting for good', () => {
  it('DELETE /api/trash deletes the records and every storage object; photos not in the Trash stay', async () => {
    const ana = await userWithAlbum('ana', 2);
    const [kept, doomed] = ana.album.images;
    await harness.api('/api/images/trash', { token: ana.token, body: { imageIds: [doomed.id] } });
    expect(await stored(doomed.storageKey)).toEqual([true, true, true, true]);

    const emptied = await harness.api('/api/trash', { token: ana.token, method: 'DELETE' });
    expect([emptied.status, emptied.body]).toEqual([200, { deleted: 1, remaining: 0 }]);

    expect(await stored(doomed.storageKey)).toEqual([false, false, false, false]);
    expect(await stored(kept.storageKey)).toEqual([true, true, true, true]);
    expect(await trashIds(ana.token)).toEqual([]);
    const gone = await harness.api('/api/images/restore', {
      token: ana.token,
      body: { imageIds: [doomed.id] },
    });
    expect(gone.status).toBe(404);
    expect(gone.body.error.details).toEqual({ imageIds: [doomed.id] });
    expect((await galleryAlbum(ana.token, ana.album.id)).images.map((image: any) => image.id)).toEqual([
      kept.id,
    ]);
  });

  it('the daily clean-up deletes photos 30 days in the Trash with their files, and albums deleted 30 days ago', async () => {
    const ana = await userWithAlbum('ana', 3);
    const [old, recent, kept] = ana.album.images;
    const db = harness.app.http.db;
    await harness.api('/api/images/trash', { token: ana.token, body: { imageIds: [old.id, recent.id] } });
    await sql`update images set trashed_at = now() - interval '31 days' where id = ${old.id}`.execute(db);
    await sql`update images set trashed_at = now() - interval '29 days' where id = ${recent.id}`.execute(db);
    const deleted = await harness.api(`/api/albums/${ana.album.id}`, { token: ana.token, method: 'DELETE' });
    expect(deleted.status).toBe(200);
    await sql`update albums set deleted_at = now() - interval '31 days' where id = ${ana.album.id}`.execute(
      db,
    );

    // What EventBridge invokes daily in AWS (and a timer locally), with the local app's adapters.
    const report = await createDailyCleanUp(harness.app.http)({} as never, {} as never);

    expect(report.trashed).toBeGreaterThanOrEqual(1);
    expect(report.albums).toBeGreaterThanOrEqual(1);
    expect(await stored(old.storageKey)).toEqual([false, false, false, false]);
    expect(await stored(recent.storageKey)).toEqual([true, true, true, true]);
    expect(await trashIds(ana.token)).toEqual([recent.id]);
    const album = await db.selectFrom('albums').select('id').where('id', '=', ana.album.id).execute();
    expect(album).toEqual([]);
    const restore = await harness.api(`/api/albums/${ana.album.id}/restore`, {
      token: ana.token,
      method: 'POST',
    });
    expect(restore.status).toBe(404);
    expect(await libraryIds(ana.token)).toEqual([kept.id]);
  });
});

describe('organizing', () => {
  it('leaves out a photo trashed after upload, as rejected "in the Trash"', async () => {
    const bo = await harness.signIn(`bo-${randomUUID().slice(0, 8)}`);
    const files = await Promise.all(
      [0, 1].map(async (index) => ({
        name: `bo-${index}.jpg`,
        contentType: 'image/jpeg',
        bytes: await makeJpeg({
          width: 200,
          height: 150,
          takenAt: new Date(Date.UTC(2026, 4, 3, 9 + index)),
        }),
      })),
    );
    const keys = await uploadFiles(harness, bo.token, files);
    const photo = await harness.app.http.db
      .selectFrom('images')
      .select('id')
      .where('storage_key', '=', keys[0] as string)
      .executeTakeFirstOrThrow();
    expect((await harness.api(`/api/images/${photo.id}`, { token: bo.token, method: 'DELETE' })).status).toBe(
      200,
    );

    const started = await harness.api('/api/galleries/process', {
      token: bo.token,
      body: { imageKeys: keys },
    });
    const job = await waitForJob(harness, bo.token, started.body.jobId);

    expect(job.status).toBe('completed');
    expect(job.rejectedImages).toEqual([{ key: keys[0], filename: 'bo-0.jpg', reason: 'in the Trash' }]);
    const albums = (await harness.api('/api/galleries/me', { token: bo.token })).body.albums;
    expect(albums.flatMap((album: any) => album.images.map((image: any) => image.id))).not.toContain(
      photo.id,
    );
  });
});

describe('deleting an album', () => {
  it('hides it (every album route answers 404) until restored with its photos and order', async () => {
    const ana = await userWithAlbum('ana', 3);
    const ids = ana.album.images.map((image: any) => image.id);
    const deleted = await harness.api(`/api/albums/${ana.album.id}`, { token: ana.token, method: 'DELETE' });
    expect(deleted.status).toBe(200);

    expect(await galleryAlbum(ana.token, ana.album.id)).toBeUndefined();
    for (const [method, path, body] of [
      ['PATCH', `/api/albums/${ana.album.id}`, { title: 'x' }],
      ['POST', `/api/albums/${ana.album.id}/images`, { imageId: ids[0] }],
      ['DELETE', `/api/albums/${ana.album.id}/images/${ids[0]}`, undefined],
      ['DELETE', `/api/albums/${ana.album.id}`, undefined],
    ] as const) {
      const response = await harness.api(path, { token: ana.token, method, ...(body ? { body } : {}) });
      expect([method, path, response.status]).toEqual([method, path, 404]);
    }
    expect((await libraryIds(ana.token)).sort()).toEqual([...ids].sort());

    const restored = await harness.api(`/api/albums/${ana.album.id}/restore`, {
      token: ana.token,
      method: 'POST',
    });
    expect(restored.status).toBe(200);
    expect(restored.body.images.map((image: any) => image.id)).toEqual(ids);
    expect(restored.body.title).toBe(ana.album.title);
    expect((await galleryAlbum(ana.token, ana.album.id)).images.map((image: any) => image.id)).toEqual(ids);
  });
});
