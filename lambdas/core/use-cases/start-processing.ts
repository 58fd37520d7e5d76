import { AppError, NotFoundError, ValidationError } from '../errors.ts';
import { enqueueOrFail } from '../job-lifecycle.ts';
import type { Job } from '../model.ts';
import type { IdGenerator, JobQueue, JobRepository, PhotoRepository, PhotoStorage } from '../ports.ts';
import { MAX_IMAGES_PER_JOB, TOO_MANY_PHOTOS_MESSAGE } from '../upload-policy.ts';

interface Deps {
  photos: PhotoRepository;
  jobs: JobRepository;
  storage: PhotoStorage;
  queue: JobQueue;
  ids: IdGenerator;
}

const HEAD_CONCURRENCY = 16;

/**
 * Checks that every key is the caller's and was uploaded, records a pending job and queues it.
 * With an idempotency key, a retry returns the job the first call created.
 */
export async function startProcessing(
  deps: Deps,
  ownerId: string,
  imageKeys: string[],
  idempotencyKey: string | null,
): Promise<Job> {
  const keys = [...new Set(imageKeys)];
  if (keys.length === 0) throw new ValidationError('imageKeys must list at least one key');
  if (keys.length > MAX_IMAGES_PER_JOB) {
    throw new ValidationError(
      TOO_MANY_PHOTOS_MESSAGE,
      { field: 'imageKeys', limit: MAX_IMAGES_PER_JOB },
      'too_many_items',
    );
  }

  const owned = await deps.photos.findOwnedByKeys(ownerId, keys);
  const ownedKeys = new Set(owned.map((photo) => photo.storageKey));
  const unknown = keys.filter((key) => !ownedKeys.has(key));
  // Someone else's key and a made-up key get the same answer: nothing about other users leaks.
  if (unknown.length > 0) throw new NotFoundError('image', { keys: unknown });

  const missing = await keysMissingFromStorage(deps.storage, keys);
  if (missing.length > 0) {
    throw new AppError('upload_missing', `${missing.length} image(s) have not been uploaded`, {
      status: 409,
      details: { keys: missing },
    });
  }

  const { job, created } = await deps.jobs.create({
    id: deps.ids.uuid(),
    ownerId,
    imageKeys: keys,
    idempotencyKey,
  });
  if (!created) return job;
  await enqueueOrFail(deps, job.id, 'the job could not be queued');
  return job;
}

async function keysMissingFromStorage(storage: PhotoStorage, keys: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let start = 0; start < keys.length; start += HEAD_CONCURRENCY) {
    const slice = keys.slice(start, start + HEAD_CONCURRENCY);
    const heads = await Promise.all(slice.map((key) => storage.head(key)));
    heads.forEach((head, index) => {
      if (head === null) missing.push(slice[index] as string);
    });
  }
  return missing;
}
