/**
 * The database goes away in the middle of a job and comes back: the job completes after redelivery,
 * exactly one album set is written, and no photo is lost.
 */
import { type FakeGemini, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let gemini: FakeGemini;
let harness: Harness;

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'k' });
  harness = await startHarness(
    { ORGANIZER: 'gemini', GEMINI_API_KEY: 'k', GEMINI_BASE_URL: gemini.url, JOB_LEASE_SECONDS: '1' },
    { persistent: true, visibilityTimeoutSeconds: 2 },
  );
});
afterAll(async () => {
  await harness?.stop();
  await gemini?.stop();
});

async function statusOf(token: string, jobId: string): Promise<string | undefined> {
  const response = await harness.api(`/api/jobs/${jobId}/status`, { token }).catch(() => undefined);
  return response?.body?.status;
}

it('completes the job once after a database restart mid-job, with no partial albums', async () => {
  const { token } = await harness.signIn('ruth');
  const files = await Promise.all(
    [0, 1, 2].map(async (i) => ({
      name: `r${i}.jpg`,
      contentType: 'image/jpeg',
      // Three photos, not one three times: ingest rejects a copy of a photo already in the library.
      bytes: await makeJpeg({ width: 200, height: 150, extraIfd0: { ImageDescription: `r${i}` } }),
    })),
  );
  const keys = await uploadFiles(harness, token, files);
  // The model takes a while, so the database can go away while the worker waits for it.
  gemini.enqueue({ kind: 'good', albumCount: 2, delayMs: 1500 });
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  const jobId = started.body.jobId;
  while ((await statusOf(token, jobId)) !== 'processing')
    await new Promise((resolve) => setTimeout(resolve, 50));
  while (gemini.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));

  await harness.app.postgres.stop();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await harness.app.postgres.start();

  const job = await waitForJob(harness, token, jobId, 30_000);
  expect(job.status).toBe('completed');
  expect(job.attempts).toBeGreaterThanOrEqual(2);
  const albums = await harness.app.http.db
    .selectFrom('albums')
    .innerJoin('album_images', 'album_images.album_id', 'albums.id')
    .select(['albums.id', 'album_images.image_id'])
    .where('albums.job_id', '=', jobId)
    .execute();
  expect(new Set(albums.map((row) => row.id)).size).toBe(job.albumCount);
  expect(new Set(albums.map((row) => row.image_id)).size).toBe(keys.length);
});
