import { sqsJobQueue } from '../../composition/queue.ts';
import { s3PhotoStorage } from '../../composition/storage.ts';
import { ValidationError } from '../../core/errors.ts';
import { startProcessing } from '../../core/use-cases/start-processing.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { headerValue, parseJsonBody, userRoute } from '../middleware/http.ts';
import { jobAccepted } from './job-status-body.ts';
import { IDEMPOTENCY_KEY, processGalleryBody } from './request-schemas.ts';

/** POST /api/galleries/process */
export function create(deps: DependenciesOf<'process-gallery'>) {
  const body = processGalleryBody();
  return userRoute(deps, {
    parse: (event) => {
      const { imageKeys } = parseJsonBody(event, body);
      const idempotencyKey = headerValue(event, 'idempotency-key') ?? null;
      if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new ValidationError('Idempotency-Key must be 1-128 printable ASCII characters', {
          field: 'Idempotency-Key',
        });
      }
      return { imageKeys, idempotencyKey };
    },
    handle: async ({ imageKeys, idempotencyKey }, caller) =>
      jobAccepted(await startProcessing(deps, caller.id, imageKeys, idempotencyKey)),
  });
}

export const handler = lambdaRoute('process-gallery', create, {
  storage: s3PhotoStorage,
  queue: sqsJobQueue,
});
