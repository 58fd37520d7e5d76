/**
 * A route's Lambda entry must wire exactly the adapters its `access` in the route manifest implies.
 * The checks are the compiler's: each `@ts-expect-error` below fails `npm run typecheck` (part of
 * `npm test`) the day the wrong wiring compiles.
 */
import { s3PhotoUrls } from '../../lambdas/composition/photo-urls.ts';
import { sqsJobQueue } from '../../lambdas/composition/queue.ts';
import { s3PhotoStorage } from '../../lambdas/composition/storage.ts';
import { create as createGallery } from '../../lambdas/handlers/http/get-gallery.ts';
import { create as createJobStatus } from '../../lambdas/handlers/http/get-job-status.ts';
import { create as createProcess } from '../../lambdas/handlers/http/process-gallery.ts';
import { type DependenciesOf, lambdaRoute } from '../../lambdas/handlers/lambda-entry.ts';

/** Built, never invoked: a Lambda entry builds its dependencies on the first invocation only. */
const wirings = [
  // Right: exactly what the manifest's access implies.
  lambdaRoute('get-gallery', createGallery, { urls: s3PhotoUrls }),
  lambdaRoute('process-gallery', createProcess, { storage: s3PhotoStorage, queue: sqsJobQueue }),
  lambdaRoute('get-job-status', createJobStatus),
  // @ts-expect-error the gallery signs downloads: its URL signer must be wired
  lambdaRoute('get-gallery', createGallery),
  // @ts-expect-error the job status route may not hold the job queue (its access has no enqueue-jobs)
  lambdaRoute('get-job-status', createJobStatus, { queue: sqsJobQueue }),
  // @ts-expect-error process needs the queue too
  lambdaRoute('process-gallery', createProcess, { storage: s3PhotoStorage }),
  // @ts-expect-error one adapter too many: the gallery never deletes or inspects objects
  lambdaRoute('get-gallery', createGallery, { urls: s3PhotoUrls, storage: s3PhotoStorage }),
  // @ts-expect-error a route's code cannot be wired under another route whose access lacks what it reads
  lambdaRoute('get-job-status', createGallery),
];

/** A route's create() cannot read an adapter its manifest entry does not give it. */
function readsOnlyItsOwn(deps: DependenciesOf<'get-job-status'>) {
  // @ts-expect-error get-job-status has no storage
  void deps.storage;
  // @ts-expect-error get-job-status has no URL signer
  void deps.urls;
  return deps.jobs;
}

test('Lambda entries are plain functions, built without touching the environment', () => {
  for (const handler of wirings) expect(typeof handler).toBe('function');
  expect(typeof readsOnlyItsOwn).toBe('function');
});
