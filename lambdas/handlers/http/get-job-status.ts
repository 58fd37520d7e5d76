import * as z from 'zod/mini';
import type { RouteDependencies } from '../../composition/http.ts';
import { ValidationError } from '../../core/errors.ts';
import { getJobStatus } from '../../core/use-cases/get-job-status.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, json } from '../middleware/http.ts';
import { jobStatusBody } from './job-status-body.ts';

const jobId = z.uuid();

/** GET /api/jobs/{id}/status */
export function create(deps: RouteDependencies) {
  return httpRoute(deps.logger, async (event) => {
    const id = jobId.safeParse(event.pathParameters?.id);
    if (!id.success) throw new ValidationError('job id must be a UUID', { field: 'id' }, 'invalid_job_id');
    const user = await deps.users.ensure(callerSubject(event));
    const job = await getJobStatus(deps, user.id, id.data.toLowerCase());
    return json(200, jobStatusBody(job));
  });
}

export const handler = lambdaHttpHandler(create);
