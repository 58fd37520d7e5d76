import { AppError } from '../errors.ts';
import { chooseExistingAlbums } from '../existing-albums.ts';
import { gaveUpMessage } from '../job-lifecycle.ts';
import type { AttemptFence, DateSourceCounts, Job, Photo, RejectedPhoto } from '../model.ts';
import { shownDateSource } from '../photo-date.ts';
import type {
  AlbumSummaryRepository,
  ClaimPolicy,
  Clock,
  JobMetrics,
  JobReport,
  JobRepository,
  PhotoAnalysis,
  PlannerPhoto,
} from '../ports.ts';
import { type JobProgress, reportProgress } from '../progress.ts';
import { type IngestPhotoDeps, ingestPhoto } from './ingest-photo.ts';
import {
  type OrganizablePhoto,
  type OrganizeDeps,
  type OrganizeTargets,
  organizePhotos,
  storedPlannerPhoto,
} from './organize-photos.ts';

/** How long a job waits for photos still being read (ingest), and how often it looks. */
export interface ArrivalPolicy {
  /** Counted from the job's creation, so a redelivered message does not wait again from the start. */
  waitMs: number;
  pollMs: number;
}

/** The planner, its offline fallback, ids and the logger (OrganizeDeps), and what reading a job needs. */
export interface ProcessJobDeps extends OrganizeDeps, IngestPhotoDeps {
  jobs: JobRepository;
  /** The owner's albums, which the job's photos may join. */
  albumSummaries: AlbumSummaryRepository;
  claimPolicy: ClaimPolicy;
  arrival: ArrivalPolicy;
  clock: Clock;
  sleep(ms: number): Promise<void>;
  metrics: JobMetrics;
  /** How many photos are read and resized at once (sharp already uses a thread per core). */
  imageConcurrency: number;
}

/** Thrown when another worker holds the job: the message should be retried later, not dropped. */
export class JobBusyError extends AppError {
  /** When the holder's lease ends and the job may be taken over (null if it was never started). */
  readonly leaseEndsAt: Date | null;

  constructor(jobId: string, leaseEndsAt: Date | null) {
    super('job_busy', `job ${jobId} is being processed by another worker`, { status: 409 });
    this.leaseEndsAt = leaseEndsAt;
  }
}

export type ProcessJobOutcome = 'completed' | 'failed' | 'skipped';

interface AcceptedPhoto {
  photo: Photo;
  analysis: PhotoAnalysis;
  plannerPhoto: PlannerPhoto;
}

/**
 * Runs one job end to end: wait (bounded) for photos still being read as they land, claim, take each
 * photo's stored facts and small model rendition (ingest wrote them; the originals are not read), ask
 * the planner once for the whole batch, validate its answer, and store albums and the job's result in
 * one transaction. Transient faults release the job and rethrow so the queue redelivers it.
 */
export async function processJob(
  deps: ProcessJobDeps,
  jobId: string,
  /** The queue message being delivered (its id): a later delivery of it may take the job back over. */
  messageId?: string,
): Promise<ProcessJobOutcome> {
  await waitForArrivals(deps, jobId);
  const claim = await deps.jobs.claim(jobId, deps.claimPolicy, messageId);
  switch (claim.kind) {
    case 'missing':
      deps.logger.warn('job not found; dropping message', { jobId });
      return 'skipped';
    case 'finished':
      deps.logger.info('job already finished; duplicate delivery ignored', {
        jobId,
        status: claim.job.status,
      });
      return 'skipped';
    case 'exhausted':
      deps.logger.error('job used up its attempts and was marked failed', { jobId });
      deps.metrics.jobFinished(failedReport(claim.job.imageKeys.length));
      await jobProgress(deps, claim.job, { stage: 'failed', error: claim.job.error ?? 'the job failed' });
      return 'failed';
    case 'busy': {
      const started = claim.job.startedAt;
      const leaseMs = deps.claimPolicy.leaseSeconds * 1000;
      throw new JobBusyError(jobId, started ? new Date(started.getTime() + leaseMs) : null);
    }
  }
  const { job } = claim;
  const attempt: AttemptFence = job.attempts;
  try {
    return await runClaimedJob(deps, job, attempt);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (attempt >= deps.claimPolicy.maxAttempts) {
      // No delivery will come back for it: say so on the job instead of leaving it pending forever.
      const failed = await deps.jobs
        .fail(jobId, attempt, gaveUpMessage(attempt, message), [])
        .catch(() => false);
      if (failed) {
        deps.logger.error('job failed for good', { jobId, attempt, error: message });
        deps.metrics.jobFinished(failedReport(job.imageKeys.length));
        await jobProgress(deps, job, { stage: 'failed', error: gaveUpMessage(attempt, message) });
        return 'failed';
      }
    }
    deps.logger.error('job attempt failed; releasing it for redelivery', { jobId, attempt, error: message });
    await deps.jobs.release(jobId, attempt, message).catch((releaseError: unknown) => {
      // The database may be the thing that is down: the lease then expires on its own.
      deps.logger.warn('could not release job', { jobId, error: String(releaseError) });
    });
    throw error;
  }
}

async function runClaimedJob(
  deps: ProcessJobDeps,
  job: Job,
  attempt: AttemptFence,
): Promise<ProcessJobOutcome> {
  const photos = await deps.photos.findOwnedByKeys(job.ownerId, job.imageKeys);
  const rejected: RejectedPhoto[] = [];
  const found = new Set(photos.map((photo) => photo.storageKey));
  for (const key of job.imageKeys) {
    if (!found.has(key))
      rejected.push({ imageId: '', storageKey: key, originalFilename: '', reason: 'photo record not found' });
  }

  const accepted: AcceptedPhoto[] = [];
  // Reading renditions and tagging originals is waiting on storage, not work: many at once. Only a
  // photo ingest never read is decoded here, and those take one of `imageConcurrency` slots.
  const decodeSlot = limiter(deps.imageConcurrency);
  await forEachLimited(photos, STORAGE_CONCURRENCY, async (photo, index) => {
    const outcome = await readPhoto(deps, photo, `p${index + 1}`, decodeSlot);
    if ('reason' in outcome) rejected.push(outcome);
    else accepted.push(outcome);
  });
  // Keep the caller's order whatever order the reads finished in.
  accepted.sort((a, b) => refNumber(a.plannerPhoto.ref) - refNumber(b.plannerPhoto.ref));

  if (accepted.length === 0) {
    const error = `none of the ${job.imageKeys.length} photo(s) could be read`;
    if (await deps.jobs.fail(job.id, attempt, error, rejected)) {
      deps.metrics.jobFinished(failedReport(rejected.length));
      await jobProgress(deps, job, { stage: 'failed', error });
    }
    deps.logger.warn('job failed: no readable photos', { jobId: job.id, rejected: rejected.length });
    return 'failed';
  }

  // Who each photo shows (empty unless the owner turned people recognition on): one query.
  const people = await deps.people.peopleInPhotos(
    job.ownerId,
    accepted.map((entry) => entry.photo.id),
  );
  const organizable = accepted.map((entry) => ({
    id: entry.photo.id,
    plannerPhoto: { ...entry.plannerPhoto, people: people.get(entry.photo.id) ?? [] },
  }));
  await jobProgress(deps, job, { stage: 'asking-the-model', photoCount: accepted.length });
  const targets = await organizeTargets(deps, job.ownerId, organizable);
  const { albums, descriptions, result, plannerMs, modelUnreachable } = await organizePhotos(
    deps,
    organizable,
    { jobId: job.id, existingAlbums: targets.albums.length },
    targets,
  );
  await jobProgress(deps, job, { stage: 'saving', photoCount: accepted.length });
  const completed = await deps.jobs.complete(job.id, attempt, {
    analyses: accepted.map((entry) => entry.analysis),
    rejected,
    albums,
    descriptions,
    result: { ...result, rejected, dateSources: countDateSources(accepted.map((entry) => entry.photo)) },
  });
  if (!completed) {
    deps.logger.warn('lost the job to another attempt; nothing written', { jobId: job.id, attempt });
    return 'skipped';
  }
  await jobProgress(deps, job, { stage: 'completed', albums: albums.length, rejected: rejected.length });
  const modelAsked = deps.offlinePlanner !== undefined;
  deps.metrics.jobFinished({
    outcome: 'completed',
    organizer: result.organizer,
    photos: accepted.length,
    rejected: rejected.length,
    albums: albums.length,
    fallback: result.fallbackReason !== undefined,
    modelUnreachable,
    ...(modelAsked ? { modelMs: plannerMs } : {}),
    ...(result.usage ? { usage: result.usage } : {}),
  });
  deps.logger.info('job completed', {
    jobId: job.id,
    organizer: result.organizer,
    albums: albums.length,
    photos: accepted.length,
    rejected: rejected.length,
  });
  return 'completed';
}

/**
 * The owner's albums worth offering the planner for these photos (existing-albums.ts), each with its
 * cover's small rendition, and where the user said photos must not go.
 */
async function organizeTargets(
  deps: ProcessJobDeps,
  ownerId: string,
  photos: readonly OrganizablePhoto[],
): Promise<OrganizeTargets> {
  const [summaries, exclusions] = await Promise.all([
    deps.albumSummaries.listForOrganizing(ownerId),
    deps.albumSummaries.exclusions(
      ownerId,
      photos.map((photo) => photo.id),
    ),
  ]);
  const chosen = chooseExistingAlbums(
    summaries,
    photos.map((photo) => photo.plannerPhoto),
  );
  // Only a model looks at covers: the offline organizer (the planner when there is no fallback) does not.
  const modelPlans = deps.offlinePlanner !== undefined;
  const albums = await Promise.all(
    chosen.map(async (album, index) => {
      // A cover that cannot be read leaves the album offered by its words alone.
      const bytes =
        modelPlans && album.coverModelKey
          ? await deps.storage.get(album.coverModelKey).catch(() => null)
          : null;
      return {
        id: album.id,
        ref: `a${index + 1}`,
        title: album.title,
        description: album.description,
        from: album.from,
        until: album.until,
        places: album.places,
        photoCount: album.photoCount,
        madeByUser: album.madeByUser,
        cover: bytes ? { bytes, mimeType: 'image/jpeg' } : null,
      };
    }),
  );
  return { albums, exclusions };
}

/**
 * While a pending job's photos are still being read (ingest), it stays pending — its status shows how
 * many are ready — until they are, or until `arrival.waitMs` after the job was created.
 */
async function waitForArrivals(deps: ProcessJobDeps, jobId: string): Promise<void> {
  const job = await deps.jobs.findById(jobId);
  if (job?.status !== 'pending') return;
  const deadline = job.createdAt.getTime() + deps.arrival.waitMs;
  let told = -1;
  for (;;) {
    const photos = await deps.photos.findOwnedByKeys(job.ownerId, job.imageKeys);
    const arriving = photos.filter((photo) => photo.status === 'awaiting_upload').length;
    if (arriving === 0 || deps.clock.now().getTime() >= deadline) return;
    // Pages learn "n of N read" each time n changes, not on every look.
    const photosReady = photos.length - arriving;
    if (photosReady !== told) {
      told = photosReady;
      await jobProgress(deps, job, {
        stage: 'waiting-for-photos',
        photosReady,
        photoCount: job.imageKeys.length,
      });
    }
    deps.logger.info('waiting for photos still being read', { jobId, arriving, total: job.imageKeys.length });
    await deps.sleep(deps.arrival.pollMs);
  }
}

/**
 * What the planner is shown of a photo, from what ingest stored: its facts and the model rendition.
 * A photo ingest has not read (its notification was lost, or it was uploaded before ingest existed) or
 * rejected is read here, once, the same way; one whose upload never arrived is rejected.
 */
async function readPhoto(
  deps: ProcessJobDeps,
  photo: Photo,
  ref: string,
  decodeSlot: Limiter,
): Promise<AcceptedPhoto | RejectedPhoto> {
  const reject = (reason: string): RejectedPhoto => ({
    imageId: photo.id,
    storageKey: photo.storageKey,
    originalFilename: photo.originalFilename,
    reason,
  });
  // The user deleted it after naming it: it is hidden everywhere, organizing included.
  if (photo.trashedAt !== null) return reject(IN_THE_TRASH);
  let current = photo;
  // Rejected photos are read again too: the user may have uploaded them again before retrying, and
  // the notification of that upload may not have been handled yet.
  if (current.status === 'awaiting_upload' || current.status === 'rejected' || current.modelKey === null) {
    const outcome = await decodeSlot(() => ingestPhoto(deps, photo.storageKey));
    if (outcome === 'missing') return reject('the upload never arrived');
    const [reread] = await deps.photos.findOwnedByKeys(photo.ownerId, [photo.storageKey]);
    if (!reread) return reject('photo record not found');
    current = reread;
  }
  if (current.status === 'rejected') return reject(current.rejectionReason ?? 'the file could not be read');
  const modelImage = current.modelKey ? await deps.storage.get(current.modelKey) : null;
  if (modelImage === null || current.previewKey === null) return reject('the photo’s renditions are missing');
  // Originals still tagged "uploaded" expire; one that is organized is kept.
  await deps.storage.keep(photo.storageKey);
  return {
    photo: current,
    analysis: {
      imageId: current.id,
      previewKey: current.previewKey,
      thumbnailKey: current.thumbnailKey ?? current.previewKey,
      width: current.width ?? 0,
      height: current.height ?? 0,
      takenAt: current.takenAt,
      place: current.place,
    },
    plannerPhoto: storedPlannerPhoto(ref, current, modelImage),
  };
}

/** Tells the job's owner where it stands (best effort). */
function jobProgress(
  deps: ProcessJobDeps,
  job: Job,
  progress: Omit<JobProgress, 'type' | 'jobId'>,
): Promise<void> {
  return reportProgress(deps, job.ownerId, { type: 'job', jobId: job.id, ...progress });
}

/** Why a job leaves out a photo that is in the Trash. */
export const IN_THE_TRASH = 'in the Trash';

/** Where the organized photos' dates came from, for the job's status. */
function countDateSources(photos: readonly Photo[]): DateSourceCounts {
  const counts: DateSourceCounts = { exif: 0, 'file-name': 0, 'file-time': 0, none: 0 };
  for (const photo of photos) counts[shownDateSource(photo.takenAt, photo.takenAtSource) ?? 'none']++;
  return counts;
}

/** A job that ends failed: every photo counts as rejected, nothing was organized. */
function failedReport(photos: number): JobReport {
  return {
    outcome: 'failed',
    photos: 0,
    rejected: photos,
    albums: 0,
    fallback: false,
    modelUnreachable: false,
  };
}

/** Storage round trips in flight at once while a job reads its photos' renditions. */
const STORAGE_CONCURRENCY = 32;

type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `slots` tasks at once; the others wait their turn, in order. */
function limiter(slots: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running < slots) running++;
    // A finishing task hands its slot straight to the next in line, so none is ever over-granted.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

function refNumber(ref: string): number {
  return Number(ref.slice(1));
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
    }
  });
  await Promise.all(workers);
}
