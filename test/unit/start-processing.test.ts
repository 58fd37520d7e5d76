import {
  AppError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../../lambdas/core/errors.ts';
import { MAX_IMAGES_PER_JOB, originalKey } from '../../lambdas/core/upload-policy.ts';
import { startProcessing } from '../../lambdas/core/use-cases/start-processing.ts';
import {
  InMemoryJobs,
  InMemoryPhotos,
  InMemoryQueue,
  InMemoryStorage,
  newId,
  sequentialIds,
} from '../fakes/in-memory-ports.ts';

const ana = newId();
const bob = newId();

function setup() {
  const photos = new InMemoryPhotos();
  const jobs = new InMemoryJobs();
  const storage = new InMemoryStorage();
  const queue = new InMemoryQueue();
  const deps = { photos, jobs, storage, queue, ids: sequentialIds() };

  /** Records `count` photos of `ownerId`, uploads them unless told not to, and returns their keys. */
  async function photosOf(ownerId: string, count: number, { uploaded = true } = {}): Promise<string[]> {
    const added = Array.from({ length: count }, (_, index) => {
      const id = newId();
      return {
        id,
        ownerId,
        storageKey: originalKey(ownerId, id, 'image/jpeg'),
        originalFilename: `IMG_${index}.jpg`,
        contentType: 'image/jpeg',
        sizeBytes: 3,
      };
    });
    await photos.addAwaitingUpload(added);
    if (uploaded) {
      for (const photo of added) await storage.put(photo.storageKey, new Uint8Array([1, 2, 3]), 'image/jpeg');
    }
    return added.map((photo) => photo.storageKey);
  }

  return { deps, jobs, queue, storage, photosOf };
}

describe('startProcessing', () => {
  it("queues a pending job for the caller's uploaded photos", async () => {
    const { deps, jobs, queue, photosOf } = setup();
    const keys = await photosOf(ana, 3);
    const job = await startProcessing(deps, ana, keys, null);
    expect(job).toMatchObject({ ownerId: ana, status: 'pending', imageKeys: keys, attempts: 0, error: null });
    expect(jobs.rows.get(job.id)).toMatchObject({ status: 'pending', imageKeys: keys });
    expect(queue.jobIds).toEqual([job.id]);
  });

  it('lists each photo once however often the request names it', async () => {
    const { deps, jobs, photosOf } = setup();
    const [first, second] = (await photosOf(ana, 2)) as [string, string];
    const job = await startProcessing(deps, ana, [first, second, first, first], null);
    expect(jobs.rows.get(job.id)?.imageKeys).toEqual([first, second]);
  });

  it('refuses a request without photos, and records nothing', async () => {
    const { deps, jobs, queue } = setup();
    const error = await startProcessing(deps, ana, [], null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    expect(jobs.rows.size).toBe(0);
    expect(queue.bodies).toEqual([]);
  });

  it(`takes up to ${MAX_IMAGES_PER_JOB} distinct photos in one job`, async () => {
    const { deps, jobs, photosOf } = setup();
    const keys = await photosOf(ana, MAX_IMAGES_PER_JOB);
    // Repeats do not count against the limit.
    const job = await startProcessing(deps, ana, [...keys, ...keys.slice(0, 10)], null);
    expect(jobs.rows.get(job.id)?.imageKeys).toHaveLength(MAX_IMAGES_PER_JOB);
  });

  it(`refuses more than ${MAX_IMAGES_PER_JOB} photos, and records nothing`, async () => {
    const { deps, jobs, queue, photosOf } = setup();
    const keys = await photosOf(ana, MAX_IMAGES_PER_JOB + 1);
    const error = await startProcessing(deps, ana, keys, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'too_many_items',
      status: 400,
      details: { field: 'imageKeys', limit: MAX_IMAGES_PER_JOB },
    });
    // The limit in words, and what to do about it.
    expect((error as Error).message).toMatch(
      /^at most 500 photos can be organized in one job: .*several jobs/,
    );
    expect(jobs.rows.size).toBe(0);
    expect(queue.bodies).toEqual([]);
  });

  it("answers another user's photo exactly as a made-up key, and records nothing", async () => {
    const { deps, jobs, queue, photosOf } = setup();
    const mine = await photosOf(ana, 1);
    const [bobs] = (await photosOf(bob, 1)) as [string];
    const madeUp = originalKey(ana, newId(), 'image/jpeg');

    const stolen = await startProcessing(deps, ana, [...mine, bobs], null).catch((e: unknown) => e);
    const invented = await startProcessing(deps, ana, [...mine, madeUp], null).catch((e: unknown) => e);

    expect(stolen).toBeInstanceOf(NotFoundError);
    expect(invented).toBeInstanceOf(NotFoundError);
    expect(stolen).toMatchObject({ code: 'not_found', status: 404, message: 'image not found' });
    expect(invented).toMatchObject({ code: 'not_found', status: 404, message: 'image not found' });
    // Each names only the key it could not find: nothing tells Bob's photo apart from an invented one.
    expect((stolen as AppError).details).toEqual({ keys: [bobs] });
    expect((invented as AppError).details).toEqual({ keys: [madeUp] });
    expect(jobs.rows.size).toBe(0);
    expect(queue.bodies).toEqual([]);
  });

  it('answers 409 upload_missing, naming the photos not uploaded yet, and records nothing', async () => {
    const { deps, jobs, queue, photosOf } = setup();
    const uploaded = await photosOf(ana, 2);
    const pending = await photosOf(ana, 2, { uploaded: false });
    const error = await startProcessing(deps, ana, [...uploaded, ...pending], null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'upload_missing',
      status: 409,
      message: '2 image(s) have not been uploaded',
      details: { keys: pending },
    });
    expect(jobs.rows.size).toBe(0);
    expect(queue.bodies).toEqual([]);
  });

  it('records nothing when storage cannot be asked whether the photos were uploaded', async () => {
    const { deps, jobs, queue, storage, photosOf } = setup();
    const keys = await photosOf(ana, 2);
    storage.failHeads = true;
    await expect(startProcessing(deps, ana, keys, null)).rejects.toThrow('ECONNREFUSED');
    expect(jobs.rows.size).toBe(0);
    expect(queue.bodies).toEqual([]);
  });

  describe('with an idempotency key', () => {
    it('returns the job the first call created, and queues it only once', async () => {
      const { deps, jobs, queue, photosOf } = setup();
      const keys = await photosOf(ana, 2);
      const first = await startProcessing(deps, ana, keys, 'upload-7f3a');
      const again = await startProcessing(deps, ana, keys, 'upload-7f3a');
      expect(again.id).toBe(first.id);
      expect(jobs.rows.size).toBe(1);
      expect(queue.jobIds).toEqual([first.id]);
    });

    it('returns the first job even when the repeat names other photos', async () => {
      const { deps, jobs, photosOf } = setup();
      const firstKeys = await photosOf(ana, 1);
      const otherKeys = await photosOf(ana, 1);
      const first = await startProcessing(deps, ana, firstKeys, 'same-key');
      const again = await startProcessing(deps, ana, otherKeys, 'same-key');
      expect(again).toMatchObject({ id: first.id, imageKeys: firstKeys });
      expect(jobs.rows.size).toBe(1);
    });

    it("keeps each user's keys apart", async () => {
      const { deps, queue, photosOf } = setup();
      const anas = await startProcessing(deps, ana, await photosOf(ana, 1), 'shared-key');
      const bobs = await startProcessing(deps, bob, await photosOf(bob, 1), 'shared-key');
      expect(bobs.id).not.toBe(anas.id);
      expect(bobs.ownerId).toBe(bob);
      expect(queue.jobIds).toEqual([anas.id, bobs.id]);
    });

    it('without one, every call starts a new job', async () => {
      const { deps, queue, photosOf } = setup();
      const keys = await photosOf(ana, 1);
      const first = await startProcessing(deps, ana, keys, null);
      const second = await startProcessing(deps, ana, keys, null);
      expect(second.id).not.toBe(first.id);
      expect(queue.jobIds).toEqual([first.id, second.id]);
    });
  });

  describe('when the queue is down', () => {
    it('marks the job failed with the reason and answers 503', async () => {
      const { deps, jobs, queue, photosOf } = setup();
      const keys = await photosOf(ana, 2);
      queue.failWith('connect ETIMEDOUT');
      const error = await startProcessing(deps, ana, keys, null).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error).toMatchObject({ code: 'service_unavailable', status: 503 });
      expect([...jobs.rows.values()]).toEqual([
        expect.objectContaining({ ownerId: ana, status: 'failed', error: 'the job could not be queued' }),
      ]);
      expect(queue.bodies).toEqual([]);
    });

    it('answers a repeat with the same idempotency key with that failed job, without queueing it', async () => {
      const { deps, jobs, queue, photosOf } = setup();
      const keys = await photosOf(ana, 1);
      queue.failWith();
      await expect(startProcessing(deps, ana, keys, 'retry-me')).rejects.toBeInstanceOf(
        ServiceUnavailableError,
      );
      queue.recover();
      const again = await startProcessing(deps, ana, keys, 'retry-me');
      expect(again).toMatchObject({ status: 'failed', error: 'the job could not be queued' });
      expect(jobs.rows.size).toBe(1);
      expect(queue.bodies).toEqual([]);
    });
  });
});
