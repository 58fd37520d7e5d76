import * as z from 'zod/mini';
import type { RouteDependencies, WithQueue, WithStorage } from '../../composition/http.ts';
import { sqsJobQueue } from '../../composition/queue.ts';
import { s3PhotoStorage } from '../../composition/storage.ts';
import { ValidationError } from '../../core/errors.ts';
import { MAX_IMAGES_PER_JOB } from '../../core/upload-policy.ts';
import { startProcessing } from '../../core/use-cases/start-processing.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, headerValue, httpRoute, parseJsonBody } from '../middleware/http.ts';
import { jobAccepted } from './job-status-body.ts';

// Keys come from generate-urls and are printable ASCII; anything else (a NUL byte, which PostgreSQL
// cannot even store in text) is a malformed request, not a key to look up.
const storageKey = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(1024),
    z.regex(/^[\x21-\x7e]+$/, 'must be a storage key returned by POST /api/uploads/generate-urls'),
  );

const body = z.object({
  imageKeys: z.array(storageKey).check(z.minLength(1), z.maxLength(MAX_IMAGES_PER_JOB)),
});

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** POST /api/galleries/process */
export function create(deps: RouteDependencies & WithStorage & WithQueue) {
  return httpRoute(deps.logger, async (event) => {
    const { imageKeys } = parseJsonBody(event, body);
    const idempotencyKey = headerValue(event, 'idempotency-key') ?? null;
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationError('Idempotency-Key must be 1-128 printable ASCII characters', {
        field: 'Idempotency-Key',
      });
    }
    const user = await deps.users.ensure(callerSubject(event));
    const job = await startProcessing(deps, user.id, imageKeys, idempotencyKey);
    return jobAccepted(job);
  });
}

export const handler = lambdaHttpHandler(create, { storage: s3PhotoStorage, queue: sqsJobQueue });
