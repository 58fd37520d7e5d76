import { ConflictError, NotFoundError } from '../errors.ts';
import { enqueueOrFail } from '../job-lifecycle.ts';
import type { Job } from '../model.ts';
import type { JobQueue, JobRepository } from '../ports.ts';

/** Queues the caller's failed job again from a clean slate; any other state is a conflict. */
export async function retryJob(
  deps: { jobs: JobRepository; queue: JobQueue },
  ownerId: string,
  jobId: string,
): Promise<Job> {
  const outcome = await deps.jobs.resetFailed(ownerId, jobId);
  if (outcome.kind === 'missing') throw new NotFoundError('job');
  if (outcome.kind === 'not_failed') {
    throw new ConflictError(
      'job_not_failed',
      `only a failed job can be retried; this one is ${outcome.job.status}`,
      {
        status: outcome.job.status,
      },
    );
  }
  await enqueueOrFail(deps, jobId, 'the retry could not be queued');
  return outcome.job;
}
