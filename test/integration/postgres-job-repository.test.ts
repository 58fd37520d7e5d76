import { randomUUID } from 'node:crypto';
import { PostgresGalleryRepository } from '../../lambdas/adapters/postgres/postgres-gallery-repository.ts';
import { PostgresJobRepository } from '../../lambdas/adapters/postgres/postgres-job-repository.ts';
import { PostgresPhotoRepository } from '../../lambdas/adapters/postgres/postgres-photo-repository.ts';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import { NO_CAMERA_SETTINGS } from '../../lambdas/core/photo-details.ts';
import type { JobOutcome } from '../../lambdas/core/ports.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let jobs: PostgresJobRepository;
let photos: PostgresPhotoRepository;
let users: PostgresUserRepository;
let gallery: PostgresGalleryRepository;
const policy = { leaseSeconds: 60, maxAttempts: 3 };

beforeAll(async () => {
  testDb = await createTestDatabase();
  jobs = new PostgresJobRepository(testDb.db);
  photos = new PostgresPhotoRepository(testDb.db);
  users = new PostgresUserRepository(testDb.db);
  gallery = new PostgresGalleryRepository(testDb.db);
});
afterAll(() => testDb.destroy());

async function userWithPhotos(count: number) {
  const user = await users.ensure(`sub-${randomUUID()}`);
  const added = Array.from({ length: count }, () => {
    const id = randomUUID();
    return {
      id,
      ownerId: user.id,
      storageKey: originalKey(user.id, id, 'image/jpeg'),
      originalFilename: `${id}.jpg`,
      contentType: 'image/jpeg',
      sizeBytes: 100,
    };
  });
  await photos.addAwaitingUpload(added);
  return { user, photos: added };
}

/** A pending job of the user's, over the given photos (or storage keys). */
function jobFor(user: { id: string }, photos: { storageKey: string }[] | string) {
  const imageKeys = typeof photos === 'string' ? [photos] : photos.map((photo) => photo.storageKey);
  return jobs.create({ id: randomUUID(), ownerId: user.id, imageKeys, idempotencyKey: null });
}

function outcomeFor(imageIds: string[]): JobOutcome {
  return {
    analyses: imageIds.map((imageId) => ({
      imageId,
      previewKey: `${imageId}/preview.jpg`,
      thumbnailKey: `${imageId}/thumbnail.jpg`,
      width: 10,
      height: 20,
      takenAt: new Date('2026-05-03T09:00:00Z'),
      place: { city: 'Porto', country: 'Portugal' },
    })),
    rejected: [],
    albums: [
      {
        id: randomUUID(),
        title: 'Porto',
        themeDescription: 'd',
        coverImageId: imageIds[0] as string,
        imageIds,
      },
    ],
    result: { organizer: 'offline', albumCount: 1, placedCount: imageIds.length, rejected: [] },
  };
}

describe('users', () => {
  it('creates a user on first sight and returns the same one afterwards', async () => {
    const first = await users.ensure('cognito|abc');
    const again = await users.ensure('cognito|abc');
    expect(again.id).toBe(first.id);
  });
});

describe('jobs', () => {
  it('returns the same job for the same idempotency key, per owner', async () => {
    const { user, photos: added } = await userWithPhotos(1);
    const keys = added.map((photo) => photo.storageKey);
    const first = await jobs.create({
      id: randomUUID(),
      ownerId: user.id,
      imageKeys: keys,
      idempotencyKey: 'k1',
    });
    const retry = await jobs.create({
      id: randomUUID(),
      ownerId: user.id,
      imageKeys: keys,
      idempotencyKey: 'k1',
    });
    expect(first.created).toBe(true);
    expect(retry).toEqual({ job: first.job, created: false });
    const other = await userWithPhotos(1);
    const theirs = await jobs.create({
      id: randomUUID(),
      ownerId: other.user.id,
      imageKeys: keys,
      idempotencyKey: 'k1',
    });
    expect(theirs.created).toBe(true);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const { user, photos: added } = await userWithPhotos(1);
    const { job } = await jobFor(user, added.slice(0, 1));
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => jobs.claim(job.id, policy)));
    expect(outcomes.filter((outcome) => outcome.kind === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'busy')).toHaveLength(7);
  });

  it('reclaims a job whose lease expired, and fences out the stale attempt', async () => {
    const { user, photos: added } = await userWithPhotos(2);
    const ids = added.map((photo) => photo.id);
    const { job } = await jobFor(user, added);
    const first = await jobs.claim(job.id, policy);
    expect(first.kind).toBe('claimed');
    await testDb.db
      .updateTable('processing_jobs')
      .set({ started_at: new Date(Date.now() - 120_000) })
      .where('id', '=', job.id)
      .execute();
    const second = await jobs.claim(job.id, policy);
    expect(second.kind === 'claimed' && second.job.attempts).toBe(2);

    expect(await jobs.complete(job.id, 1, outcomeFor(ids))).toBe(false);
    expect(await gallery.listAlbums(user.id)).toEqual([]);
    expect(await jobs.complete(job.id, 2, outcomeFor(ids))).toBe(true);
    const albums = await gallery.listAlbums(user.id);
    expect(albums).toHaveLength(1);
    expect(albums[0]?.photos.map((photo) => photo.id)).toEqual(ids);
    expect((await jobs.claim(job.id, policy)).kind).toBe('finished');
  });

  it('lets a later delivery of the same message take its job back at once, and no other message', async () => {
    const { user, photos: added } = await userWithPhotos(1);
    const { job } = await jobFor(user, added);
    // The first delivery claimed it and could not release it (the database was down).
    expect((await jobs.claim(job.id, policy, 'message-1')).kind).toBe('claimed');
    // Another message for the same job waits for the lease, whatever it is.
    expect((await jobs.claim(job.id, policy, 'message-2')).kind).toBe('busy');
    expect((await jobs.claim(job.id, policy)).kind).toBe('busy');
    const again = await jobs.claim(job.id, policy, 'message-1');
    expect(again.kind === 'claimed' && again.job.attempts).toBe(2);
    // The first attempt is fenced out of writing.
    expect(await jobs.complete(job.id, 1, outcomeFor(added.map((photo) => photo.id)))).toBe(false);
  });

  it('marks a job failed once it has used up its attempts', async () => {
    const { user, photos: added } = await userWithPhotos(1);
    const { job } = await jobFor(user, added.slice(0, 1));
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      const claim = await jobs.claim(job.id, policy);
      expect(claim.kind).toBe('claimed');
      await jobs.release(job.id, attempt, `boom ${attempt}`);
    }
    const last = await jobs.claim(job.id, policy);
    expect(last.kind).toBe('exhausted');
    const stored = await jobs.findOwned(user.id, job.id);
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toContain('boom 3');
  });

  it('records photo analyses and rejections with the albums', async () => {
    const { user, photos: added } = await userWithPhotos(2);
    const [good, bad] = added;
    const { job } = await jobFor(user, added);
    await jobs.claim(job.id, policy);
    const outcome = outcomeFor([good?.id as string]);
    outcome.rejected = [
      {
        imageId: bad?.id as string,
        storageKey: bad?.storageKey as string,
        originalFilename: 'x.jpg',
        reason: 'not an image',
      },
    ];
    expect(await jobs.complete(job.id, 1, outcome)).toBe(true);
    const stored = await photos.findOwnedByKeys(
      user.id,
      added.map((p) => p.storageKey),
    );
    const byId = new Map(stored.map((photo) => [photo.id, photo]));
    expect(byId.get(good?.id as string)).toMatchObject({
      status: 'ready',
      width: 10,
      place: { city: 'Porto', country: 'Portugal' },
    });
    expect(byId.get(bad?.id as string)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'not an image',
    });
  });
});

describe('what each photo is about', () => {
  const described = (imageIds: string[]) =>
    testDb.db
      .selectFrom('images')
      .select(['id', 'caption', 'tags', 'description_source'])
      .where('id', 'in', imageIds)
      .orderBy('original_filename')
      .execute();

  it('is written with the job, replaced by a later job that includes the photo, and kept when a job is undone', async () => {
    const { user, photos: added } = await userWithPhotos(2);
    const ids = added.map((photo) => photo.id);
    const [first, second] = ids as [string, string];
    const { job } = await jobFor(user, added);
    await jobs.claim(job.id, policy);
    const outcome = outcomeFor(ids);
    outcome.descriptions = [
      {
        imageId: first,
        caption: 'A tram “28” on a hill — ünïcödé',
        tags: ['tram', 'hill', 'são bento'],
        source: 'model',
      },
      { imageId: second, caption: null, tags: [], source: 'offline' },
    ];
    expect(await jobs.complete(job.id, 1, outcome)).toBe(true);
    const byId = async () => new Map((await described(ids)).map((row) => [row.id, row]));
    expect((await byId()).get(first)).toMatchObject({
      caption: 'A tram “28” on a hill — ünïcödé',
      tags: ['tram', 'hill', 'são bento'],
      description_source: 'model',
    });
    expect((await byId()).get(second)).toMatchObject({
      caption: null,
      tags: [],
      description_source: 'offline',
    });

    // A later job that includes the first photo says something else about it: that replaces it.
    const { job: later } = await jobFor(user, [added[0] as { storageKey: string }]);
    await jobs.claim(later.id, policy);
    const again = outcomeFor([first]);
    again.descriptions = [
      { imageId: first, caption: 'Lisbon, Portugal', tags: ['lisbon'], source: 'offline' },
    ];
    expect(await jobs.complete(later.id, 1, again)).toBe(true);
    expect((await byId()).get(first)).toMatchObject({
      caption: 'Lisbon, Portugal',
      tags: ['lisbon'],
      description_source: 'offline',
    });

    // Undoing it takes the photo out of its album; what it says about the photo stays.
    expect((await jobs.undo(user.id, later.id, new Date(0))).kind).toBe('undone');
    expect((await byId()).get(first)).toMatchObject({ caption: 'Lisbon, Portugal', tags: ['lisbon'] });
  });

  it('keeps a raw answer that jsonb would refuse (NUL, unpaired surrogates), minus those characters', async () => {
    const { user, photos: added } = await userWithPhotos(1);
    const { job } = await jobFor(user, added);
    await jobs.claim(job.id, policy);
    const outcome = outcomeFor([added[0]?.id as string]);
    outcome.result.rawAnswer = {
      photos: [{ id: 'p1\u0000', caption: 'a\u0000b\ud800c', tags: ['\udc00x'] }],
    };
    expect(await jobs.complete(job.id, 1, outcome)).toBe(true);
    const stored = await testDb.db
      .selectFrom('processing_jobs')
      .select('result_data')
      .where('id', '=', job.id)
      .executeTakeFirstOrThrow();
    expect((stored.result_data as { rawAnswer: unknown }).rawAnswer).toEqual({
      photos: [{ id: 'p1', caption: 'abc', tags: ['x'] }],
    });
  });

  it("never writes another owner's photo, whatever id the outcome names", async () => {
    const mine = await userWithPhotos(1);
    const theirs = await userWithPhotos(1);
    const theirId = theirs.photos[0]?.id as string;
    const { job } = await jobFor(mine.user, mine.photos);
    await jobs.claim(job.id, policy);
    const outcome = outcomeFor([mine.photos[0]?.id as string]);
    outcome.descriptions = [{ imageId: theirId, caption: 'Not yours', tags: ['x'], source: 'model' }];
    expect(await jobs.complete(job.id, 1, outcome)).toBe(true);
    expect(await described([theirId])).toEqual([
      { id: theirId, caption: null, tags: [], description_source: null },
    ]);
  });
});

describe('gallery', () => {
  it("never shows another owner's albums", async () => {
    const a = await userWithPhotos(1);
    const b = await userWithPhotos(0);
    const { job } = await jobFor(a.user, a.photos.slice(0, 1));
    await jobs.claim(job.id, policy);
    await jobs.complete(job.id, 1, outcomeFor([a.photos[0]?.id as string]));
    expect(await gallery.listAlbums(b.user.id)).toEqual([]);
    expect(await jobs.findOwned(b.user.id, job.id)).toBeNull();
    expect(await photos.findOwnedByKeys(b.user.id, [a.photos[0]?.storageKey as string])).toEqual([]);
  });
});

describe('gallery query count', () => {
  it('stays constant however many albums and photos there are', async () => {
    let queries = 0;
    const { createDatabase } = await import('../../lambdas/adapters/postgres/database.ts');
    const counted = createDatabase({ connectionString: testDb.url, maxConnections: 2 }).withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const countedGallery = new PostgresGalleryRepository(counted);
    const queriesFor = async (albumCount: number, photosPerAlbum: number) => {
      const { user, photos: added } = await userWithPhotos(albumCount * photosPerAlbum);
      const { job } = await jobFor(user, added);
      await jobs.claim(job.id, policy);
      const outcome = outcomeFor(added.map((p) => p.id));
      outcome.albums = Array.from({ length: albumCount }, (_, a) => {
        const imageIds = added.slice(a * photosPerAlbum, (a + 1) * photosPerAlbum).map((p) => p.id);
        return {
          id: randomUUID(),
          title: `a${a}`,
          themeDescription: '',
          coverImageId: imageIds[0] as string,
          imageIds,
        };
      });
      await jobs.complete(job.id, 1, outcome);
      queries = 0;
      const albums = await countedGallery.listAlbums(user.id);
      expect(albums.flatMap((album) => album.photos)).toHaveLength(albumCount * photosPerAlbum);
      return queries;
    };
    const small = await queriesFor(1, 2);
    const large = await queriesFor(20, 50);
    expect(small).toBe(2);
    expect(large).toBe(small);
    await counted.destroy();
  });
});

describe('purging photos never organized', () => {
  it('forgets old unused, abandoned and rejected photos, and nothing else', async () => {
    const { user, photos: added } = await userWithPhotos(6);
    const [oldUnused, recentUnused, oldReady, oldRejected, oldInPendingJob, oldInAlbum] = added.map(
      (photo) => photo.id,
    );
    const ago = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);
    const set = (id: string | undefined, values: Record<string, unknown>) =>
      testDb.db
        .updateTable('images')
        .set(values)
        .where('id', '=', id as string)
        .execute();
    await set(oldUnused, { created_at: ago(9) });
    await set(recentUnused, { created_at: ago(1) });
    await set(oldReady, { created_at: ago(9), status: 'ready' });
    await set(oldRejected, { created_at: ago(9), status: 'rejected', rejection_reason: 'not an image' });
    await set(oldInPendingJob, { created_at: ago(9) });
    await set(oldInAlbum, { created_at: ago(9), status: 'ready' });
    const pendingKey = added[4]?.storageKey as string;
    await jobFor(user, pendingKey);

    const deleted = await photos.purgeUnorganized(ago(8));

    const left = await photos.findOwnedByKeys(
      user.id,
      added.map((photo) => photo.storageKey),
    );
    expect(left.map((photo) => photo.id).sort()).toEqual(
      [recentUnused, oldReady, oldInPendingJob, oldInAlbum].sort(),
    );
    expect(deleted.sort()).toEqual(
      added
        .filter((photo) => photo.id === oldUnused || photo.id === oldRejected)
        .map((photo) => photo.storageKey)
        .sort(),
    );
  });
});

describe('photosReady', () => {
  it('counts the job’s photos read so far (analyzed or rejected), and only the job owner’s', async () => {
    const { user, photos: own } = await userWithPhotos(3);
    const other = await userWithPhotos(1);
    const [analyzed, rejected] = own;
    const { job } = await jobFor(user, [...own, ...other.photos]);
    expect((await jobs.findOwned(user.id, job.id))?.photosReady).toBe(0);

    await photos.recordIngested({
      imageId: (analyzed as { id: string }).id,
      previewKey: 'p',
      thumbnailKey: 't',
      modelKey: 'm',
      width: 1,
      height: 1,
      takenAt: null,
      takenAtSource: null,
      place: null,
      camera: null,
      settings: NO_CAMERA_SETTINGS,
      location: null,
      sha256: 'a'.repeat(64),
      perceptualHash: '0'.repeat(16),
      look: [],
    });
    await photos.recordIngestRejected((rejected as { id: string }).id, 'the file is empty');
    // Another owner's photo named in the job (never accepted by the API) does not count, read or not.
    await photos.recordIngestRejected((other.photos[0] as { id: string }).id, 'the file is empty');
    expect((await jobs.findOwned(user.id, job.id))?.photosReady).toBe(2);
    expect(await jobs.findOwned(other.user.id, job.id)).toBeNull();
  });
});

describe('rejections a job records', () => {
  it('never turn an organized photo into a rejected one (the clean-up would then delete it)', async () => {
    const { user, photos: added } = await userWithPhotos(1);
    const organized = added[0] as { id: string; storageKey: string };
    const { job: first } = await jobFor(user, added);
    await jobs.claim(first.id, policy);
    expect(await jobs.complete(first.id, 1, outcomeFor([organized.id]))).toBe(true);

    // A later job over the same photo could not read it.
    const { job: second } = await jobFor(user, added);
    await jobs.claim(second.id, policy);
    const rejected = [
      { ...organized, imageId: organized.id, originalFilename: 'a.jpg', reason: 'unreadable' },
    ];
    expect(await jobs.fail(second.id, 1, 'none could be read', rejected)).toBe(true);
    const [row] = await photos.findOwnedByKeys(user.id, [organized.storageKey]);
    expect(row).toMatchObject({ status: 'ready', rejectionReason: null });
  });
});
