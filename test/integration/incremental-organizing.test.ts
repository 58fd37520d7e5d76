/**
 * New photos joining existing albums, and undoing a job, on a real PostgreSQL: what the organizer is
 * shown of the owner's albums, how joins are written (marked as the job's, after the album's photos,
 * never into an album the user deleted or a photo back where the user took it out), and what undo
 * takes away (only the job's doing; the photos stay in the library).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PostgresAlbumRepository } from '../../lambdas/adapters/postgres/postgres-album-repository.ts';
import { PostgresAlbumSummaryRepository } from '../../lambdas/adapters/postgres/postgres-album-summary-repository.ts';
import { PostgresJobRepository } from '../../lambdas/adapters/postgres/postgres-job-repository.ts';
import { PostgresPhotoRepository } from '../../lambdas/adapters/postgres/postgres-photo-repository.ts';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import { LEFTOVER_ALBUM_TITLE } from '../../lambdas/core/album-plan.ts';
import type { JobOutcome, PlannedAlbumRecord } from '../../lambdas/core/ports.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let jobs: PostgresJobRepository;
let photos: PostgresPhotoRepository;
let users: PostgresUserRepository;
let albums: PostgresAlbumRepository;
let summaries: PostgresAlbumSummaryRepository;
const policy = { leaseSeconds: 60, maxAttempts: 3 };

beforeAll(async () => {
  testDb = await createTestDatabase();
  jobs = new PostgresJobRepository(testDb.db);
  photos = new PostgresPhotoRepository(testDb.db);
  users = new PostgresUserRepository(testDb.db);
  albums = new PostgresAlbumRepository(testDb.db);
  summaries = new PostgresAlbumSummaryRepository(testDb.db);
});
afterAll(() => testDb.destroy());

interface Shot {
  takenAt?: string;
  city?: string;
}

async function addPhotos(ownerId: string, shots: Shot[]) {
  const added = shots.map(() => {
    const id = randomUUID();
    return {
      id,
      ownerId,
      storageKey: originalKey(ownerId, id, 'image/jpeg'),
      originalFilename: `${id}.jpg`,
      contentType: 'image/jpeg',
      sizeBytes: 100,
    };
  });
  await photos.addAwaitingUpload(added);
  for (const photo of added) {
    await testDb.db
      .updateTable('images')
      .set({ model_key: `${photo.storageKey}.model.jpg` })
      .where('id', '=', photo.id)
      .execute();
  }
  return added;
}

/** Runs a job over `shots` to completion with the albums `plan` makes of their ids. */
async function organize(
  ownerId: string,
  shots: Shot[],
  plan: (ids: string[]) => PlannedAlbumRecord[],
): Promise<{ jobId: string; ids: string[] }> {
  const added = await addPhotos(ownerId, shots);
  const ids = added.map((photo) => photo.id);
  const { job } = await jobs.create({
    id: randomUUID(),
    ownerId,
    imageKeys: added.map((photo) => photo.storageKey),
    idempotencyKey: null,
  });
  const claim = await jobs.claim(job.id, policy);
  if (claim.kind !== 'claimed') throw new Error(claim.kind);
  const outcome: JobOutcome = {
    analyses: added.map((photo, index) => ({
      imageId: photo.id,
      previewKey: `${photo.storageKey}.preview.jpg`,
      thumbnailKey: `${photo.storageKey}.thumbnail.jpg`,
      width: 10,
      height: 10,
      takenAt: shots[index]?.takenAt ? new Date(shots[index].takenAt) : null,
      place: shots[index]?.city ? { city: shots[index].city, country: 'Portugal' } : null,
    })),
    rejected: [],
    albums: plan(ids),
    result: { organizer: 'offline', albumCount: 1, placedCount: ids.length, rejected: [] },
  };
  expect(await jobs.complete(job.id, claim.job.attempts, outcome)).toBe(true);
  return { jobId: job.id, ids };
}

const newAlbum = (title: string, imageIds: string[]): PlannedAlbumRecord => ({
  id: randomUUID(),
  title,
  themeDescription: `${title} described`,
  coverImageId: imageIds[0] as string,
  imageIds,
});
const join = (albumId: string, imageIds: string[]): PlannedAlbumRecord => ({
  id: albumId,
  joins: true,
  title: 'as planned',
  themeDescription: 'as planned',
  coverImageId: imageIds[0] as string,
  imageIds,
});

async function owner() {
  return (await users.ensure(`sub-${randomUUID()}`)).id;
}

describe('what organizing is shown of the owner’s albums', () => {
  it('each live album with its span, towns, photo count and cover rendition; not deleted albums, not trashed photos, not another owner’s', async () => {
    const me = await owner();
    const first = await organize(
      me,
      [
        { takenAt: '2026-05-01T10:00:00Z', city: 'Porto' },
        { takenAt: '2026-05-03T18:00:00Z', city: 'Porto' },
        { takenAt: '2026-05-02T12:00:00Z', city: 'Braga' },
        { takenAt: '2026-06-01T12:00:00Z' },
      ],
      (ids) => [newAlbum('Porto', ids.slice(0, 3)), newAlbum('June', ids.slice(3))],
    );
    const [porto, june] = (await testDb.db
      .selectFrom('albums')
      .select(['id', 'title'])
      .where('owner_id', '=', me)
      .orderBy('title', 'desc')
      .execute()) as unknown as [{ id: string }, { id: string }];
    // The last photo in the Trash: it no longer counts.
    await testDb.db
      .updateTable('images')
      .set({ trashed_at: new Date() })
      .where('id', '=', first.ids[1] as string)
      .execute();
    await testDb.db.updateTable('albums').set({ deleted_at: new Date() }).where('id', '=', june.id).execute();
    await organize(await owner(), [{ takenAt: '2026-05-02T10:00:00Z' }], (ids) => [
      newAlbum('Not mine', ids),
    ]);

    const listed = await summaries.listForOrganizing(me);
    expect(listed).toEqual([
      {
        id: porto.id,
        title: 'Porto',
        description: 'Porto described',
        from: new Date('2026-05-01T10:00:00Z'),
        until: new Date('2026-05-02T12:00:00Z'),
        places: [
          { city: 'Braga', country: 'Portugal' },
          { city: 'Porto', country: 'Portugal' },
        ],
        photoCount: 2,
        madeByUser: false,
        coverModelKey: expect.stringContaining(first.ids[0] as string),
        updatedAt: expect.any(Date),
      },
    ]);
  });
});

describe('joining existing albums', () => {
  it('appends the photos after the album’s own, marked as the job’s; title, description and cover stay', async () => {
    const me = await owner();
    const first = await organize(me, [{}, {}], (ids) => [newAlbum('Porto', ids)]);
    const porto = (
      await testDb.db.selectFrom('albums').select('id').where('owner_id', '=', me).executeTakeFirstOrThrow()
    ).id;
    await albums.update(me, porto, { title: 'Porto with Ana' });
    const second = await organize(me, [{}, {}], (ids) => [join(porto, ids)]);

    const album = await albums.findOwned(me, porto);
    expect(album).toMatchObject({
      title: 'Porto with Ana',
      themeDescription: 'Porto described',
      coverImageId: first.ids[0],
    });
    expect(album?.photos.map((p) => [p.id, p.displayOrder])).toEqual([
      [first.ids[0], 0],
      [first.ids[1], 1],
      [second.ids[0], 2],
      [second.ids[1], 3],
    ]);
    const marks = await testDb.db
      .selectFrom('album_images')
      .select(['image_id', 'added_by_job'])
      .where('album_id', '=', porto)
      .execute();
    expect(new Map(marks.map((m) => [m.image_id, m.added_by_job]))).toEqual(
      new Map([
        [first.ids[0], first.jobId],
        [first.ids[1], first.jobId],
        [second.ids[0], second.jobId],
        [second.ids[1], second.jobId],
      ]),
    );
  });

  it('never puts a photo back where the user took it out, and never revives an album deleted meanwhile', async () => {
    const me = await owner();
    const first = await organize(me, [{}, {}], (ids) => [newAlbum('Porto', ids)]);
    const porto = (
      await testDb.db.selectFrom('albums').select('id').where('owner_id', '=', me).executeTakeFirstOrThrow()
    ).id;
    const lisbonFirst = await organize(me, [{}], (ids) => [newAlbum('Lisbon', ids)]);
    const lisbon = (
      await testDb.db
        .selectFrom('albums')
        .select('id')
        .where('job_id', '=', lisbonFirst.jobId)
        .executeTakeFirstOrThrow()
    ).id;
    expect(await albums.removePhoto(me, porto, first.ids[1] as string)).toBe('removed');
    await testDb.db.updateTable('albums').set({ deleted_at: new Date() }).where('id', '=', lisbon).execute();

    // A job whose planner (wrongly) puts the removed photo back, and joins the deleted album.
    const { job } = await jobs.create({
      id: randomUUID(),
      ownerId: me,
      imageKeys: [originalKey(me, first.ids[1] as string, 'image/jpeg')],
      idempotencyKey: null,
    });
    const claim = await jobs.claim(job.id, policy);
    if (claim.kind !== 'claimed') throw new Error(claim.kind);
    const extra = await addPhotos(me, [{}]);
    expect(
      await jobs.complete(job.id, claim.job.attempts, {
        analyses: [],
        rejected: [],
        albums: [join(porto, [first.ids[1] as string]), join(lisbon, [extra[0]?.id as string])],
        result: { organizer: 'offline', albumCount: 2, placedCount: 2, rejected: [] },
      }),
    ).toBe(true);
    expect((await albums.findOwned(me, porto))?.photos.map((p) => p.id)).toEqual([first.ids[0]]);
    const made = await testDb.db
      .selectFrom('albums')
      .select(['title', 'deleted_at'])
      .where('job_id', '=', job.id)
      .execute();
    expect(made).toEqual([{ title: LEFTOVER_ALBUM_TITLE, deleted_at: null }]);
    const stillDeleted = await testDb.db
      .selectFrom('albums')
      .select('deleted_at')
      .where('id', '=', lisbon)
      .executeTakeFirstOrThrow();
    expect(stillDeleted.deleted_at).not.toBeNull();
  });
});

describe('what a join writes', () => {
  it('numbers only the photos that go in, and gives an empty album a cover that is one of them', async () => {
    const me = await owner();
    const first = await organize(me, [{}, {}], (ids) => [newAlbum('Porto', ids)]);
    const porto = (
      await testDb.db.selectFrom('albums').select('id').where('owner_id', '=', me).executeTakeFirstOrThrow()
    ).id;
    const empty = randomUUID();
    await testDb.db
      .insertInto('albums')
      .values({ id: empty, owner_id: me, title: 'Dogs', theme_description: '', origin: 'user' })
      .execute();
    const [fresh, excluded] = await addPhotos(me, [{}, {}]);
    await testDb.db
      .insertInto('album_exclusions')
      .values({ album_id: empty, image_id: excluded?.id as string })
      .execute();

    // A photo already in Porto, then a new one; the excluded photo first, then the new one again.
    const { job } = await jobs.create({
      id: randomUUID(),
      ownerId: me,
      imageKeys: [fresh?.storageKey as string],
      idempotencyKey: null,
    });
    const claim = await jobs.claim(job.id, policy);
    if (claim.kind !== 'claimed') throw new Error(claim.kind);
    expect(
      await jobs.complete(job.id, claim.job.attempts, {
        analyses: [],
        rejected: [],
        albums: [
          join(porto, [first.ids[0] as string, fresh?.id as string]),
          join(empty, [excluded?.id as string, fresh?.id as string]),
        ],
        result: { organizer: 'offline', albumCount: 2, placedCount: 2, rejected: [] },
      }),
    ).toBe(true);
    expect((await albums.findOwned(me, porto))?.photos.map((p) => [p.id, p.displayOrder])).toEqual([
      [first.ids[0], 0],
      [first.ids[1], 1],
      [fresh?.id, 2],
    ]);
    const dogs = await albums.findOwned(me, empty);
    expect(dogs?.photos.map((p) => [p.id, p.displayOrder])).toEqual([[fresh?.id, 0]]);
    expect(dogs?.coverImageId).toBe(fresh?.id);
    // The job says what it wrote: one photo into each, not the two each was planned.
    const recorded = await jobs.findOwned(me, job.id);
    expect(recorded?.result).toMatchObject({
      newAlbums: 0,
      joined: [
        { albumId: porto, title: 'Porto', added: 1 },
        { albumId: empty, title: 'Dogs', added: 1 },
      ],
    });
  });
});

describe('undoing a job', () => {
  it('deletes the albums it made and takes its photos out of the albums it joined; the photos and the user’s doing stay', async () => {
    const me = await owner();
    const first = await organize(me, [{}, {}], (ids) => [newAlbum('Porto', ids)]);
    // A third album of the second job: nobody touches it, so undoing deletes it.
    const lonely = (title: string) =>
      testDb.db
        .selectFrom('albums')
        .select(['id', 'job_id'])
        .where('owner_id', '=', me)
        .where('title', '=', title)
        .execute();
    const porto = (
      await testDb.db.selectFrom('albums').select('id').where('owner_id', '=', me).executeTakeFirstOrThrow()
    ).id;
    const second = await organize(me, [{}, {}, {}, {}], (ids) => [
      join(porto, ids.slice(0, 2)),
      newAlbum('Braga', ids.slice(2, 3)),
      newAlbum('Lonely', ids.slice(3)),
    ]);
    // The user makes the second job's first photo Porto's cover, and adds a first-job photo to Braga by hand.
    await albums.update(me, porto, { coverImageId: second.ids[0] as string });
    const braga = (
      await testDb.db
        .selectFrom('albums')
        .select('id')
        .where('job_id', '=', second.jobId)
        .executeTakeFirstOrThrow()
    ).id;
    expect(
      await albums.addPhoto(me, { albumId: braga, imageId: first.ids[0] as string, fromAlbumId: null }),
    ).toBe('added');

    const outcome = await jobs.undo(me, second.jobId, new Date(Date.now() - 7 * 86_400_000));
    expect(outcome).toMatchObject({ kind: 'undone', job: { id: second.jobId, undoneAt: expect.any(Date) } });
    const after = await albums.findOwned(me, porto);
    expect(after?.photos.map((p) => [p.id, p.displayOrder])).toEqual([
      [first.ids[0], 0],
      [first.ids[1], 1],
    ]);
    expect(after?.coverImageId).toBe(first.ids[0]);
    // Braga holds a photo the user put there by hand: it stays, with that photo only, now the user's.
    expect((await albums.findOwned(me, braga))?.photos.map((p) => p.id)).toEqual([first.ids[0]]);
    expect(await lonely('Braga')).toEqual([{ id: braga, job_id: null }]);
    expect(await lonely('Lonely')).toEqual([]);
    const statuses = await testDb.db
      .selectFrom('images')
      .select('status')
      .where('id', 'in', [...first.ids, ...second.ids])
      .execute();
    expect(statuses.every((row) => row.status === 'ready')).toBe(true);

    // Again: nothing more happens, same answer.
    expect((await jobs.undo(me, second.jobId, new Date(0))).kind).toBe('undone');
    expect((await albums.findOwned(me, porto))?.photos).toHaveLength(2);
  });

  it('refuses a job that is not completed or finished too long ago, and answers missing to anyone else', async () => {
    const me = await owner();
    const done = await organize(me, [{}], (ids) => [newAlbum('Old', ids)]);
    await sql`update processing_jobs set completed_at = now() - interval '8 days' where id = ${done.jobId}`.execute(
      testDb.db,
    );
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    expect((await jobs.undo(me, done.jobId, weekAgo)).kind).toBe('expired');
    expect((await jobs.undo(await owner(), done.jobId, new Date(0))).kind).toBe('missing');
    const [pending] = await addPhotos(me, [{}]);
    const { job } = await jobs.create({
      id: randomUUID(),
      ownerId: me,
      imageKeys: [pending?.storageKey as string],
      idempotencyKey: null,
    });
    expect((await jobs.undo(me, job.id, weekAgo)).kind).toBe('not_completed');
    expect(
      await testDb.db.selectFrom('albums').select('id').where('job_id', '=', done.jobId).execute(),
    ).toHaveLength(1);
  });
});
