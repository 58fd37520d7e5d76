/** A failed job can be retried through the API, and only by its owner. */
import { makeJpeg, makeNotAnImage } from '../fixtures/photos.ts';
import { type Harness, startHarness, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

it('retries a failed job after the upload is fixed, and refuses other cases', async () => {
  const { token } = await harness.signIn('ivy');
  const good = await makeJpeg({ width: 320, height: 240 });
  const broken = makeNotAnImage();
  const urls = await harness.api('/api/uploads/generate-urls', {
    token,
    body: { files: [{ name: 'a.jpg', contentType: 'image/jpeg', size: good.length }] },
  });
  const [ticket] = urls.body.uploads;
  // First the wrong bytes: every photo unreadable, so the job fails with a reason.
  expect((await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: broken })).ok).toBe(true);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: [ticket.key] } });
  const failed = await waitForJob(harness, token, started.body.jobId);
  expect(failed).toMatchObject({ status: 'failed', error: 'none of the 1 photo(s) could be read' });

  const bob = await harness.signIn('ivy-neighbour');
  expect(
    (await harness.api(`/api/jobs/${failed.jobId}/retry`, { token: bob.token, method: 'POST' })).status,
  ).toBe(404);
  expect(
    (await harness.api(`/api/jobs/${crypto.randomUUID()}/retry`, { token, method: 'POST' })).status,
  ).toBe(404);
  expect((await harness.api('/api/jobs/nope/retry', { token, method: 'POST' })).status).toBe(400);

  // The user fixes the upload (the URL is still valid) and retries.
  expect((await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: good })).ok).toBe(true);
  const retried = await harness.api(`/api/jobs/${failed.jobId}/retry`, { token, method: 'POST' });
  expect(retried.status).toBe(202);
  expect(retried.body).toMatchObject({ jobId: failed.jobId, status: 'pending' });
  const done = await waitForJob(harness, token, failed.jobId);
  expect(done).toMatchObject({ status: 'completed', attempts: 1, albumCount: 1, rejectedImages: [] });

  const again = await harness.api(`/api/jobs/${failed.jobId}/retry`, { token, method: 'POST' });
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({ code: 'job_not_failed', details: { status: 'completed' } });
});
