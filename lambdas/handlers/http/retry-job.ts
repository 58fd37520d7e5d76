import { sqsJobQueue } from '../../composition/queue.ts';
import { retryJob } from '../../core/use-cases/retry-job.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, userRoute } from '../middleware/http.ts';
import { jobAccepted } from './job-status-body.ts';

/** POST /api/jobs/{id}/retry — a failed job goes back on the queue. */
export function create(deps: DependenciesOf<'retry-job'>) {
  return userRoute(deps, async (event, caller) => {
    return jobAccepted(await retryJob(deps, caller.id, idParameter(event, 'id', 'invalid_job_id')));
  });
}

export const handler = lambdaRoute('retry-job', create, { queue: sqsJobQueue });
