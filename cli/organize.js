// @ts-check
/**
 * Organizing what a folder uploaded: jobs of at most the API's per-job limit, one after another (each
 * waits for the one before, so later photos join the albums earlier ones made), each written to the
 * upload state before it is requested so a re-run asks again with the same Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import { sleep } from './api-client.js';
import { ApiError, CliError } from './errors.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @typedef {import('./api-client.js').ApiClient} ApiClient
 * @typedef {import('./output.js').Progress} Progress
 * @typedef {{ jobId: string, status: string, imageCount: number, albumCount: number | null,
 *   newAlbumCount: number | null, joinedAlbums: { title: string, added: number }[],
 *   organizer: string | null, error: string | null, rejected: { file: string, reason: string }[] }} JobOutcome
 */

/** @param {{ status: string }} job */
const isFinal = (job) => job.status === 'completed' || job.status === 'failed';

/** @param {ApiClient} client @param {string} jobId */
export async function getJob(client, jobId) {
  return (await client.request(`/api/jobs/${encodeURIComponent(jobId)}/status`)).body;
}

/**
 * A job as the CLI reports it; rejected photos are named by their file in the folder when known.
 * @param {any} job @param {Map<string, string>} [names] @returns {JobOutcome}
 */
export function outcomeOf(job, names = new Map()) {
  return {
    jobId: job.jobId,
    status: job.status,
    imageCount: job.imageCount,
    albumCount: job.albumCount ?? null,
    // What the job did to the albums: albums it made, and existing albums it added photos to.
    newAlbumCount: job.newAlbumCount ?? null,
    joinedAlbums: (job.joinedAlbums ?? []).map(
      /** @param {{ title: string, added: number }} album */
      ({ title, added }) => ({ title, added }),
    ),
    organizer: job.organizer ?? null,
    error: job.error ?? null,
    rejected: (job.rejectedImages ?? []).map(
      /** @param {{ key: string, filename: string, reason: string }} image */
      (image) => ({ file: names.get(image.key) ?? image.filename, reason: image.reason }),
    ),
  };
}

/**
 * Polls the job with backoff (0.5 s growing to 5 s) until it is completed or failed. Returns it
 * unfinished when `stopped()` (Ctrl+C); throws after `timeoutMs`.
 * @param {ApiClient} client @param {string} jobId
 * @param {{ timeoutMs: number, progress: Progress, stopped: () => boolean }} options
 */
export async function waitForJob(client, jobId, { timeoutMs, progress, stopped }) {
  const deadline = Date.now() + timeoutMs;
  let delay = 500;
  for (;;) {
    const job = await getJob(client, jobId);
    if (isFinal(job) || stopped()) return job;
    progress.update(describeRunning(job));
    if (Date.now() + delay > deadline) {
      throw new CliError(
        `Job ${jobId} is still ${job.status} after ${Math.round(timeoutMs / 1000)} s. ` +
          `Look again later: momentarium status ${jobId}`,
        { code: 'timeout' },
      );
    }
    for (let slept = 0; slept < delay && !stopped(); slept += 100) await sleep(100);
    delay = Math.min(5_000, delay * 1.5);
  }
}

/** @param {any} job */
function describeRunning(job) {
  if (job.status === 'pending' && typeof job.photosReady === 'number' && job.photosReady < job.photosTotal) {
    return `Job ${job.jobId}: reading photos ${job.photosReady}/${job.photosTotal}`;
  }
  if (job.status === 'pending') return `Job ${job.jobId}: queued`;
  return `Job ${job.jobId}: organizing ${job.imageCount} photo(s)`;
}

/**
 * @param {{
 *   client: ApiClient,
 *   state: import('./upload-state.js').UploadState,
 *   limits: import('./limits.js').Limits,
 *   wait: boolean,
 *   timeoutMs: number,
 *   progress: Progress,
 *   stopped: () => boolean,
 * }} context
 */
export async function organizeFolder({ client, state, limits, wait, timeoutMs, progress, stopped }) {
  /** @type {Map<string, JobOutcome>} */
  const outcomes = new Map();
  /** Files whose upload the API no longer finds: the next `upload` sends them again. */
  /** @type {string[]} */
  const needUpload = [];
  const names = state.filesByKey();
  let interrupted = false;

  /** @param {import('./upload-state.js').JobEntry} entry @returns {Promise<string | null>} the job id */
  const startJob = async (entry) => {
    try {
      const { body } = await client.request('/api/galleries/process', {
        body: { imageKeys: entry.keys },
        headers: { 'idempotency-key': entry.idempotencyKey },
      });
      await state.recordJob({ idempotencyKey: entry.idempotencyKey, jobId: body.jobId });
      progress.line(`Organizing ${entry.keys.length} photo(s): job ${body.jobId}`);
      outcomes.set(body.jobId, outcomeOf(body.job, names));
      return body.jobId;
    } catch (error) {
      // Keys whose upload expired or vanished: forget them (the next upload sends those files again),
      // and let the rest go in a new job.
      const keys = error instanceof ApiError ? error.details?.keys : undefined;
      if (!(error instanceof ApiError) || !['upload_missing', 'not_found'].includes(error.code)) throw error;
      const missing = new Set(Array.isArray(keys) ? keys : []);
      const files = [...state.files.values()]
        .filter((file) => missing.has(file.key))
        .map((file) => file.file);
      if (files.length === 0) throw error;
      for (const file of files) await state.forgetFile(file);
      needUpload.push(...files);
      await state.recordJob({
        idempotencyKey: entry.idempotencyKey,
        status: 'abandoned',
        error: error.message,
      });
      return null;
    }
  };

  /** @param {import('./upload-state.js').JobEntry} entry @param {any} job */
  const settle = async (entry, job) => {
    await state.recordJob({
      idempotencyKey: entry.idempotencyKey,
      status: job.status,
      ...(job.status === 'completed'
        ? {
            rejected: job.rejectedImages.map(
              /** @param {{ key: string, reason: string }} image */
              ({ key, reason }) => ({ key, reason }),
            ),
          }
        : { error: job.error ?? 'the job failed' }),
    });
    const outcome = outcomeOf(job, names);
    outcomes.set(job.jobId, outcome);
    progress.line(
      job.status === 'completed'
        ? `Job ${job.jobId} completed`
        : `Job ${job.jobId} failed: ${job.error ?? 'no reason given'}`,
    );
    return outcome;
  };

  // 1. Jobs an earlier run asked for: ask again (same Idempotency-Key) if unconfirmed, and look at them.
  for (const entry of state.unfinishedJobs()) {
    const jobId = entry.jobId ?? (await startJob(entry));
    if (!jobId) continue;
    const job = await getJob(client, jobId);
    if (isFinal(job)) await settle(entry, job);
    else outcomes.set(jobId, outcomeOf(job, names));
  }

  // 2. New jobs, one at a time: each waits for the ones before it.
  while (!stopped()) {
    const keys = state.keysToOrganize();
    const running = state.unfinishedJobs();
    if (keys.length === 0 && !(wait && running.length > 0)) break;
    let failed = false;
    for (const entry of running) {
      const job = await waitForJob(client, /** @type {string} */ (entry.jobId), {
        timeoutMs,
        progress,
        stopped,
      });
      if (!isFinal(job)) {
        interrupted = true;
        break;
      }
      failed ||= (await settle(entry, job)).status === 'failed';
    }
    // A failed job stops the run: its photos stay unorganized, and the next run tries them again.
    if (interrupted || failed || keys.length === 0) break;
    const entry = {
      idempotencyKey: `momentarium-cli-${randomUUID()}`,
      keys: keys.slice(0, limits.imagesPerJob),
    };
    await state.recordJob(entry);
    const jobId = await startJob(entry);
    if (jobId && keys.length <= entry.keys.length && !wait) break;
  }
  await state.flush();
  progress.done();
  return { jobs: [...outcomes.values()], needUpload, interrupted: interrupted || stopped() };
}

/** @param {ApiClient} client */
export async function fetchAlbums(client) {
  const { body } = await client.request('/api/galleries/me');
  return body.albums.map(
    /** @param {any} album */
    (album) => ({
      id: album.id,
      title: album.title,
      description: album.themeDescription,
      photoCount: album.photoCount,
    }),
  );
}
