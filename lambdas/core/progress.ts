/**
 * Live progress: what ingest and the worker tell the owner's open pages as it happens (photos read,
 * photos ready n/N, asking the model, saving, done, failed with the reason). Publishing is best
 * effort: a page that misses an event falls back to reading the job's status, so a failure to
 * publish is logged and never fails ingest or a job.
 */
import type { Logger, ProgressPublisher } from './ports.ts';
import type { ProgressEvent } from './progress-events.ts';

export type { JobProgress, JobStage, PhotoProgress, ProgressEvent } from './progress-events.ts';

/** Publishes `event` to the owner's pages; a failure is logged, never thrown. */
export async function reportProgress(
  deps: { progress: ProgressPublisher; logger: Logger },
  ownerId: string,
  event: ProgressEvent,
): Promise<void> {
  try {
    await deps.progress.publish(ownerId, event);
  } catch (error) {
    deps.logger.warn('could not publish progress; pages fall back to polling', {
      type: event.type,
      ...(event.type === 'job' ? { jobId: event.jobId, stage: event.stage } : { imageId: event.imageId }),
      error: String(error),
    });
  }
}
