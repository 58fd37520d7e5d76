/**
 * Timing decorators around the worker's ports: each wraps a port, delegates every call unchanged and
 * records how long the calls of one phase took. The worker code itself carries no timing code.
 */
import type {
  AlbumPlanner,
  ImageAnalyzer,
  JobRepository,
  PhotoRepository,
  PhotoStorage,
  PlaceResolver,
} from '../../lambdas/core/ports.ts';
import type { PhaseClock } from '../support/phases.ts';

const PHASES = {
  // Since ingest, a job reads model renditions (originals only for a photo ingest never read).
  read: 'storage reads',
  decode: 'decode/resize',
  writes: 'rendition writes',
  keep: 'tag originals kept',
  databaseReads: 'database reads',
  databaseWrites: 'database writes',
  places: 'place lookup',
  model: 'model call',
} as const;

export function timedStorage(storage: PhotoStorage, clock: PhaseClock): PhotoStorage {
  return {
    head: (key) => storage.head(key),
    get: (key) => clock.time(PHASES.read, () => storage.get(key)),
    put: (key, body, contentType) => clock.time(PHASES.writes, () => storage.put(key, body, contentType)),
    delete: (key) => storage.delete(key),
    keep: (key) => clock.time(PHASES.keep, () => storage.keep(key)),
  };
}

export function timedAnalyzer(analyzer: ImageAnalyzer, clock: PhaseClock): ImageAnalyzer {
  return { analyze: (bytes, type) => clock.time(PHASES.decode, () => analyzer.analyze(bytes, type)) };
}

export function timedJobs(jobs: JobRepository, clock: PhaseClock): JobRepository {
  return {
    create: (job) => jobs.create(job),
    findOwned: (ownerId, jobId) => jobs.findOwned(ownerId, jobId),
    findById: (jobId) => clock.time(PHASES.databaseReads, () => jobs.findById(jobId)),
    claim: (jobId, policy) => clock.time(PHASES.databaseReads, () => jobs.claim(jobId, policy)),
    complete: (jobId, attempt, outcome) =>
      clock.time(PHASES.databaseWrites, () => jobs.complete(jobId, attempt, outcome)),
    fail: (jobId, attempt, error, rejected) =>
      clock.time(PHASES.databaseWrites, () => jobs.fail(jobId, attempt, error, rejected)),
    release: (jobId, attempt, error) =>
      clock.time(PHASES.databaseWrites, () => jobs.release(jobId, attempt, error)),
    resetFailed: (ownerId, jobId) => jobs.resetFailed(ownerId, jobId),
    undo: (ownerId, jobId, notBefore) => jobs.undo(ownerId, jobId, notBefore),
  };
}

export function timedPhotos(photos: PhotoRepository, clock: PhaseClock): PhotoRepository {
  return {
    addAwaitingUpload: (list) => photos.addAwaitingUpload(list),
    purgeUnorganized: (cutoff) => photos.purgeUnorganized(cutoff),
    findByStorageKey: (key) => clock.time(PHASES.databaseReads, () => photos.findByStorageKey(key)),
    recordIngested: (photo) => clock.time(PHASES.databaseWrites, () => photos.recordIngested(photo)),
    recordIngestRejected: (id, reason) =>
      clock.time(PHASES.databaseWrites, () => photos.recordIngestRejected(id, reason)),
    findLibraryCopies: (ownerId, sha256s) =>
      clock.time(PHASES.databaseReads, () => photos.findLibraryCopies(ownerId, sha256s)),
    findOwnedByKeys: (ownerId, keys) =>
      clock.time(PHASES.databaseReads, () => photos.findOwnedByKeys(ownerId, keys)),
    listDetailsUnread: (limit) => photos.listDetailsUnread(limit),
    recordDetailsRead: (id, details, description) => photos.recordDetailsRead(id, details, description),
  };
}

export function timedPlaces(places: PlaceResolver, clock: PhaseClock): PlaceResolver {
  return {
    resolve: (latitude, longitude) =>
      clock.timeSync(PHASES.places, () => places.resolve(latitude, longitude)),
  };
}

export function timedPlanner(planner: AlbumPlanner, clock: PhaseClock): AlbumPlanner {
  return { plan: (photos) => clock.time(PHASES.model, () => planner.plan(photos)) };
}
