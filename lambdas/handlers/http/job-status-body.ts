import type { Job } from '../../core/model.ts';
import { undoableUntil } from '../../core/use-cases/undo-job.ts';
import { type HttpResult, json } from '../middleware/http.ts';

/** The public shape of a job (camelCase, ISO dates, nothing internal such as the raw model answer). */
export function jobStatusBody(job: Job) {
  const result = job.result;
  return {
    jobId: job.id,
    status: job.status,
    imageCount: job.imageKeys.length,
    // Photos read since they landed, of all the job's photos: a pending job waits for the rest.
    photosReady: job.photosReady ?? null,
    photosTotal: job.imageKeys.length,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
    resultUrl: job.status === 'completed' ? `/api/galleries/${job.ownerId}` : null,
    error: job.status === 'failed' ? job.error : null,
    attempts: job.attempts,
    organizer: result?.organizer ?? null,
    albumCount: result?.albumCount ?? null,
    // Jobs finished before albums could be joined made only new albums.
    newAlbumCount: result ? (result.newAlbums ?? result.albumCount) : null,
    joinedAlbums: result?.joined ?? [],
    undoneAt: job.undoneAt?.toISOString() ?? null,
    undoableUntil: undoableUntil(job)?.toISOString() ?? null,
    // Where the organized photos' dates came from (each photo's own source is in the gallery).
    dateSources: result?.dateSources
      ? {
          exif: result.dateSources.exif,
          fileName: result.dateSources['file-name'],
          fileTime: result.dateSources['file-time'],
          none: result.dateSources.none,
        }
      : null,
    fallbackReason: result?.fallbackReason ?? null,
    // What the model call(s) of this job were billed, and the estimate at list price.
    tokens: result?.usage
      ? {
          input: result.usage.promptTokens,
          output: result.usage.outputTokens,
          thinking: result.usage.thoughtTokens ?? 0,
        }
      : null,
    estimatedCostUsd: result?.usage?.estimatedCostUsd ?? null,
    rejectedImages: (result?.rejected ?? []).map((photo) => ({
      key: photo.storageKey,
      filename: photo.originalFilename,
      reason: photo.reason,
    })),
  };
}

/** `202 Accepted` for a queued job, pointing at where to watch it. */
export function jobAccepted(job: Job): HttpResult {
  const statusUrl = `/api/jobs/${job.id}/status`;
  return json(
    202,
    { jobId: job.id, status: job.status, statusUrl, job: jobStatusBody(job) },
    { location: statusUrl },
  );
}
