/**
 * A job that meets a database outage comes back in seconds, not after the queue's visibility timeout
 * nor the job's lease: the worker hands the message back with a backoff delay (ChangeMessageVisibility),
 * and the next delivery of that message takes back the job its failed delivery could not release (the
 * database was down). Same SQS-compatible queue and event-source loop as the local runtime.
 */
import { type FakeGemini, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

const VISIBILITY_TIMEOUT_SECONDS = 600;
let gemini: FakeGemini;
let harness: Harness;

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'k' });
  harness = await startHarness(
    {
      ORGANIZER: 'gemini',
      GEMINI_API_KEY: 'k',
      GEMINI_BASE_URL: gemini.url,
      // As in AWS, far longer than the test: waiting for the lease would fail it.
      JOB_LEASE_SECONDS: '500',
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '4',
    },
    // As in AWS: far longer than the test, so only a hand-back can bring the message back in time.
    { persistent: true, visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS },
  );
});
afterAll(async () => {
  await harness?.stop();
  await gemini?.stop();
});

it('retries a job hit by a database outage within seconds, long before the visibility timeout', async () => {
  const { token } = await harness.signIn('tova');
  const keys = await uploadFiles(harness, token, [
    { name: 't.jpg', contentType: 'image/jpeg', bytes: await makeJpeg({ width: 120, height: 90 }) },
  ]);
  gemini.enqueue({ kind: 'good', albumCount: 1, delayMs: 1500 });
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  expect(started.status).toBe(202);
  while (gemini.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));

  const outageStarted = Date.now();
  await harness.app.postgres.stop();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await harness.app.postgres.start();

  const job = await waitForJob(harness, token, started.body.jobId, 60_000);
  const recoveredSeconds = (Date.now() - outageStarted) / 1000;
  expect(job.status).toBe('completed');
  expect(job.attempts).toBeGreaterThanOrEqual(2);
  expect(recoveredSeconds).toBeLessThan(VISIBILITY_TIMEOUT_SECONDS / 10);
  const row = await harness.app.http.db
    .selectFrom('processing_jobs')
    .select(['claimed_by'])
    .where('id', '=', started.body.jobId)
    .executeTakeFirstOrThrow();
  expect(row.claimed_by).toEqual(expect.any(String));
}, 90_000);
