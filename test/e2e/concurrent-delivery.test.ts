/**
 * Two workers receive the same job at the same moment (SQS standard queues deliver at least once):
 * exactly one organizes it, the other backs off, and one album set is written.
 */

import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import { allInOneDependencies } from '../../lambdas/composition/all-in-one.ts';
import { workerDependencies } from '../../lambdas/composition/worker.ts';
import { JobBusyError, processJob } from '../../lambdas/core/use-cases/process-job.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles } from '../support/local-app-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

it('organizes a job delivered twice concurrently exactly once', async () => {
  const { token } = await harness.signIn('walt');
  const keys = await uploadFiles(
    harness,
    token,
    await Promise.all(
      [0, 1, 2].map(async (i) => ({
        name: `w${i}.jpg`,
        contentType: 'image/jpeg',
        // Three photos, not one three times: ingest rejects a copy of a photo already in the library.
        bytes: await makeJpeg({ width: 300, height: 200, extraIfd0: { ImageDescription: `w${i}` } }),
      })),
    ),
  );
  const user = await harness.app.http.db
    .selectFrom('users')
    .select('id')
    .where('subject', '=', 'local:walt')
    .executeTakeFirstOrThrow();
  // Created directly (not through the API) so the local poller does not race the two workers below.
  const jobId = crypto.randomUUID();
  await harness.app.http.db
    .insertInto('processing_jobs')
    .values({ id: jobId, owner_id: user.id, status: 'pending', image_keys: keys })
    .execute();

  const workers = [0, 1].map(() =>
    workerDependencies(harness.app.env, allInOneDependencies(harness.app.env, silentLogger)),
  );
  const outcomes = await Promise.allSettled(workers.map((deps) => processJob(deps, jobId)));
  await Promise.all(workers.map((deps) => deps.shared.close()));

  expect(
    outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<string>).value),
  ).toEqual(['completed']);
  expect(
    outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason),
  ).toEqual([expect.any(JobBusyError)]);
  const albums = await harness.app.http.db
    .selectFrom('albums')
    .select('id')
    .where('job_id', '=', jobId)
    .execute();
  const job = await harness.app.http.db
    .selectFrom('processing_jobs')
    .selectAll()
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();
  expect(job).toMatchObject({ status: 'completed', attempts: 1 });
  expect(albums).toHaveLength((job.result_data as { albumCount: number }).albumCount);
});
