import { sqsJobQueue } from '../../composition/queue.ts';
import { retryJob } from '../../core/use-cases/retry-job.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, userRoute } from '../middleware/http.ts';
import { jobAccepted } from './job-status-body.ts';

/** POST /api/jobs/{id}/retry — a failed job goes back on the queue. */
export function create(deps: DependenciesOf<'retry-job'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'id', 'invalid_job_id', 'job id'),
    handle: async (jobId, caller) => jobAccepted(await retryJob(deps, caller.id, jobId)),
  });
}

export const handler = lambdaRoute('retry-job', create, { queue: sqsJobQueue });
