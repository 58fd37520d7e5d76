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

/** How long a failed delivery of a job's message waits before it comes back. */
export interface RedeliveryPolicy {
  /** The first wait; each later delivery waits twice as long. */
  baseSeconds: number;
  /** The longest wait (in AWS, the job lease: by then an abandoned claim can always be taken over). */
  maxSeconds: number;
}

/**
 * The wait before delivery number `receiveCount + 1`: exponential with equal jitter (at least half the
 * step, so workers that failed together spread out yet still back off), never less than `notBefore`
 * (e.g. until another worker's lease ends), never more than the policy's maximum.
 */
export function redeliveryDelaySeconds(
  receiveCount: number,
  policy: RedeliveryPolicy,
  notBeforeSeconds = 0,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.max(0, receiveCount - 1));
  const jittered = step / 2 + random() * (step / 2);
  return Math.ceil(Math.min(policy.maxSeconds, Math.max(jittered, notBeforeSeconds)));
}
