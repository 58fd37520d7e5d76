/**
 * What more than one place says about a job's life: the "gave up" verdict, and putting a job on the
 * queue without ever leaving it pending with no message.
 */
import { ServiceUnavailableError } from './errors.ts';
import { UNCLAIMED } from './model.ts';
import type { JobQueue, JobRepository } from './ports.ts';

/** The error a job records when it used up its attempts. */
export function gaveUpMessage(attempts: number, lastError: string | null): string {
  return `gave up after ${attempts} attempt(s)${lastError ? `; last error: ${lastError}` : ''}`;
}

/**
 * Queues an unclaimed job. When the queue refuses, the job is marked failed with `reason` (so it shows
 * as failed and can be retried, instead of pending forever with nothing on the queue) and the caller
 * gets a 503 to retry.
 */
export async function enqueueOrFail(
  deps: { jobs: JobRepository; queue: JobQueue },
  jobId: string,
  reason: string,
): Promise<void> {
  try {
    await deps.queue.enqueueProcessJob(jobId);
  } catch (error) {
    await deps.jobs.fail(jobId, UNCLAIMED, reason, []);
    throw new ServiceUnavailableError('the job queue is unavailable; try again', error);
  }
}
