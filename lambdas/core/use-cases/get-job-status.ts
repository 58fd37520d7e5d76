import { NotFoundError } from '../errors.ts';
import type { Job } from '../model.ts';
import type { JobRepository } from '../ports.ts';

/** The caller's job; another user's job is reported as not found. */
export async function getJobStatus(
  deps: { jobs: JobRepository },
  ownerId: string,
  jobId: string,
): Promise<Job> {
  const job = await deps.jobs.findOwned(ownerId, jobId);
  if (!job) throw new NotFoundError('job');
  return job;
}
