import { ConflictError, NotFoundError } from '../errors.ts';
import type { Job } from '../model.ts';
import type { Clock, JobRepository } from '../ports.ts';

/** How long after it finished a job's outcome can be undone. */
export const UNDO_JOB_DAYS = 7;

/** When a completed job's outcome can no longer be undone. */
export function undoableUntil(job: Job): Date | null {
  if (job.status !== 'completed' || job.undoneAt || !job.completedAt) return null;
  return new Date(job.completedAt.getTime() + UNDO_JOB_DAYS * 86_400_000);
}

/**
 * Undoes what the caller's completed job did to their albums, within UNDO_JOB_DAYS: the albums it made
 * go, the photos it added to existing albums come out, and the photos stay in the library.
 */
export async function undoJob(
  deps: { jobs: JobRepository; clock: Clock },
  ownerId: string,
  jobId: string,
): Promise<Job> {
  const notBefore = new Date(deps.clock.now().getTime() - UNDO_JOB_DAYS * 86_400_000);
  const outcome = await deps.jobs.undo(ownerId, jobId, notBefore);
  switch (outcome.kind) {
    case 'undone':
      return outcome.job;
    case 'missing':
      throw new NotFoundError('job');
    case 'not_completed':
      throw new ConflictError(
        'job_not_completed',
        `only a completed job can be undone; this one is ${outcome.job.status}`,
        { status: outcome.job.status },
      );
    case 'expired':
      throw new ConflictError(
        'undo_expired',
        `a job can be undone for ${UNDO_JOB_DAYS} days after it finished; this one finished ${outcome.job.completedAt?.toISOString().slice(0, 10)}`,
        { completedAt: outcome.job.completedAt?.toISOString() ?? null },
      );
  }
}
