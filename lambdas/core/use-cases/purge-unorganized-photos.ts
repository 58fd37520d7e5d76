import type { Clock, Logger, PhotoRepository, PhotoStorage } from '../ports.ts';
import { photoFileKeys, UNORGANIZED_RECORD_DAYS } from '../upload-policy.ts';

/** Storage deletions in flight at once. */
const DELETE_CONCURRENCY = 16;

/**
 * Forgets photos that were never organized (upload URLs never used, uploads abandoned — read by ingest
 * or not — or rejected), and deletes their files: the original (which the bucket's lifecycle rule
 * would expire too) and the renditions ingest wrote beside it, which no rule expires.
 */
export async function purgeUnorganizedPhotos(deps: {
  photos: PhotoRepository;
  storage: PhotoStorage;
  clock: Clock;
  logger: Logger;
}): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - UNORGANIZED_RECORD_DAYS * 24 * 3600 * 1000);
  const forgotten = await deps.photos.purgeUnorganized(cutoff);
  const files = forgotten.flatMap(photoFileKeys);
  let failed = 0;
  for (let start = 0; start < files.length; start += DELETE_CONCURRENCY) {
    const results = await Promise.allSettled(
      files.slice(start, start + DELETE_CONCURRENCY).map((key) => deps.storage.delete(key)),
    );
    failed += results.filter((result) => result.status === 'rejected').length;
  }
  deps.logger.info('purged photos never organized', {
    deleted: forgotten.length,
    files: files.length,
    cutoff: cutoff.toISOString(),
  });
  // The records are gone already; a file left behind is an orphan to report, not a reason to fail.
  if (failed > 0) deps.logger.warn('some files of purged photos could not be deleted', { failed });
  return forgotten.length;
}
