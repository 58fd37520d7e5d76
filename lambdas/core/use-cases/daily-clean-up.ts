/**
 * The daily clean-up (one scheduled function): photos never organized, photos in the Trash past their
 * days, and albums deleted past their days. Each part runs even if another failed; the run then fails
 * so the schedule's retries and alarms see it.
 */
import type { Clock, Logger, PhotoRepository, PhotoStorage, TrashRepository } from '../ports.ts';
import { purgeUnorganizedPhotos } from './purge-unorganized-photos.ts';
import { purgeDeletedAlbums, purgeExpiredTrash } from './trash.ts';

export interface DailyCleanUpDeps {
  photos: PhotoRepository;
  trash: TrashRepository;
  storage: PhotoStorage;
  clock: Clock;
  logger: Logger;
}

export interface DailyCleanUpReport {
  /** Photos never organized, forgotten. */
  unorganized: number;
  /** Photos deleted for good from the Trash. */
  trashed: number;
  /** Deleted albums forgotten. */
  albums: number;
}

/** Runs every part of the clean-up and reports what each deleted. */
export async function dailyCleanUp(deps: DailyCleanUpDeps): Promise<DailyCleanUpReport> {
  const failures: unknown[] = [];
  const run = async (part: string, work: () => Promise<number>): Promise<number> => {
    try {
      return await work();
    } catch (error) {
      deps.logger.error('a part of the daily clean-up failed', { part, error: String(error) });
      failures.push(error);
      return 0;
    }
  };
  const report = {
    unorganized: await run('unorganized photos', () => purgeUnorganizedPhotos(deps)),
    trashed: await run('trash', () => purgeExpiredTrash(deps)),
    albums: await run('deleted albums', () => purgeDeletedAlbums(deps)),
  };
  if (failures.length > 0) throw new AggregateError(failures, 'the daily clean-up did not finish');
  return report;
}
