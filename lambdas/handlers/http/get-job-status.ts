import { getJobStatus } from '../../core/use-cases/get-job-status.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { jobStatusBody } from './job-status-body.ts';

/** GET /api/jobs/{id}/status */
export function create(deps: DependenciesOf<'get-job-status'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'id', 'invalid_job_id', 'job id'),
    handle: async (jobId, caller) => json(200, jobStatusBody(await getJobStatus(deps, caller.id, jobId))),
  });
}

export const handler = lambdaRoute('get-job-status', create);
