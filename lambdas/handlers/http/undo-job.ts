import { undoJob } from '../../core/use-cases/undo-job.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { jobStatusBody } from './job-status-body.ts';

/** POST /api/jobs/{id}/undo — the job's albums and placements go; its photos stay in the library. */
export function create(deps: DependenciesOf<'undo-job'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'id', 'invalid_job_id', 'job id'),
    handle: async (jobId, caller) => json(200, jobStatusBody(await undoJob(deps, caller.id, jobId))),
  });
}

export const handler = lambdaRoute('undo-job', create);
