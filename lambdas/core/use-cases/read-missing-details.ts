/**
 * Photos read before ingest kept their details (issue 18) have no camera settings or location, so
 * they are off the map and out of the camera filter, and organized ones have no caption or tags to
 * be searched by. This reads them again from their originals — the metadata alone, no decoding — a
 * bounded number per run (scheduled hourly) until none is left; organized photos without a
 * description get the offline one (the place, the day; the model describes only what it organizes).
 *
 * Safe to run at any time and more than once: a photo ingest reads meanwhile keeps what ingest wrote
 * (the repository only writes details still unread), and the exact GPS fix goes no further than here.
 */
import type { Photo } from '../model.ts';
import { describableFacts, describeOffline } from '../offline-description.ts';
import { coarseLocation } from '../photo-details.ts';
import type {
  Clock,
  Logger,
  PhotoDetails,
  PhotoDetailsReader,
  PhotoRepository,
  PhotoStorage,
} from '../ports.ts';

export interface ReadMissingDetailsDeps {
  photos: PhotoRepository;
  storage: PhotoStorage;
  details: PhotoDetailsReader;
  clock: Clock;
  logger: Logger;
}

export interface ReadMissingDetailsReport {
  /** Photos whose details were read (or found to have no original left to read). */
  read: number;
  /** Photos left for a later run: the run's share or time ran out, or reading failed for some. */
  left: boolean;
}

/** Photos a run takes at most: 10,000 photos need at least five hourly runs. */
export const DETAILS_PER_RUN = 2000;
/** Originals read at once: each is held whole in memory (up to MAX_FILE_BYTES) while its EXIF is read. */
export const DETAILS_CONCURRENCY = 4;
/** No originals are fetched after this long, so a run ends well inside its function's timeout (5 minutes). */
export const DETAILS_RUN_BUDGET_MS = 3 * 60 * 1000;
/** Photos listed at once. */
export const DETAILS_BATCH = 100;

/** `signal` (the local runtime stopping) ends the run after the originals being read. */
export async function readMissingDetails(
  deps: ReadMissingDetailsDeps,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ReadMissingDetailsReport> {
  const deadline = deps.clock.now().getTime() + DETAILS_RUN_BUDGET_MS;
  let read = 0;
  let failed = 0;
  // Listed by id, each page after the last: a photo that failed stays unread but is not met again
  // this run, and the photos after it are still reached.
  let after: string | undefined;
  let stopped = false;
  let exhausted = false;
  while (read + failed < DETAILS_PER_RUN && !stopped) {
    const photos = await deps.photos.listDetailsUnread(
      Math.min(DETAILS_BATCH, DETAILS_PER_RUN - read - failed),
      after,
    );
    if (photos.length === 0) {
      exhausted = true;
      break;
    }
    after = photos.at(-1)?.id;
    // Checked after every few originals: a batch of large ones must not outlast the function.
    for (let start = 0; start < photos.length && !stopped; start += DETAILS_CONCURRENCY) {
      const outcomes = await Promise.all(
        photos.slice(start, start + DETAILS_CONCURRENCY).map((photo) => readOne(deps, photo)),
      );
      for (const ok of outcomes) ok ? read++ : failed++;
      stopped = signal?.aborted === true || deps.clock.now().getTime() >= deadline;
    }
  }
  // Whether any is left unread: what this run failed, or what it had no share or time for (asked
  // only when the listing did not already come back empty).
  const left = failed > 0 || (!exhausted && (await deps.photos.listDetailsUnread(1, after)).length > 0);
  if (read > 0 || failed > 0) {
    deps.logger.info('read the details of photos read before they were kept', {
      read,
      failed,
      ...(left ? { more: 'left for the next run' } : {}),
    });
  }
  return { read, left };
}

/** false when it failed (storage, the reader or the database): the photo is tried again next run. */
async function readOne(deps: ReadMissingDetailsDeps, photo: Photo): Promise<boolean> {
  try {
    const bytes = await deps.storage.get(photo.storageKey);
    let details: PhotoDetails | null = null;
    if (bytes !== null) {
      const { camera, settings, gps } = await deps.details.read(bytes);
      details = { camera, settings, location: gps ? coarseLocation(gps.latitude, gps.longitude) : null };
    }
    await deps.photos.recordDetailsRead(photo.id, details, describeOffline(describableFacts(photo)));
    return true;
  } catch (error) {
    deps.logger.warn('could not read the details of a photo; it is tried again next run', {
      imageId: photo.id,
      error: String(error),
    });
    return false;
  }
}
