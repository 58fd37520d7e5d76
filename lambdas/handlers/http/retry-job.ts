import type { RouteDependencies, WithQueue } from '../../composition/http.ts';
import { sqsJobQueue } from '../../composition/queue.ts';
import { retryJob } from '../../core/use-cases/retry-job.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, uuidParameter } from '../middleware/http.ts';
import { jobAccepted } from './job-status-body.ts';

/** POST /api/jobs/{id}/retry — a failed job goes back on the queue. */
export function create(deps: RouteDependencies & WithQueue) {
  return httpRoute(deps.logger, async (event) => {
    const jobId = uuidParameter(event, 'id', 'invalid_job_id');
    const user = await deps.users.ensure(callerSubject(event));
    const job = await retryJob(deps, user.id, jobId);
    return jobAccepted(job);
  });
}

export const handler = lambdaHttpHandler(create, { queue: sqsJobQueue });
