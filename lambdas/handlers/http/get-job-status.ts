import { getJobStatus } from '../../core/use-cases/get-job-status.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { jobStatusBody } from './job-status-body.ts';

/** GET /api/jobs/{id}/status */
export function create(deps: DependenciesOf<'get-job-status'>) {
  return userRoute(deps, async (event, caller) => {
    const job = await getJobStatus(deps, caller.id, idParameter(event, 'id', 'invalid_job_id'));
    return json(200, jobStatusBody(job));
  });
}

export const handler = lambdaRoute('get-job-status', create);
