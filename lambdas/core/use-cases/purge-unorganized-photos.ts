import type { Clock, Logger, PhotoRepository } from '../ports.ts';
import { UNORGANIZED_RECORD_DAYS } from '../upload-policy.ts';

/** Forgets photos that were never organized: upload URLs never used, uploads abandoned or rejected. */
export async function purgeUnorganizedPhotos(deps: {
  photos: PhotoRepository;
  clock: Clock;
  logger: Logger;
}): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - UNORGANIZED_RECORD_DAYS * 24 * 3600 * 1000);
  const deleted = await deps.photos.purgeUnorganized(cutoff);
  deps.logger.info('purged records of photos never organized', { deleted, cutoff: cutoff.toISOString() });
  return deleted;
}
