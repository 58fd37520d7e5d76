/**
 * GET /api/images/{imageId} end to end: a real photo with EXIF (date, camera, GPS) uploaded and
 * organized through the local app; the info answers what ingest read, the albums holding it, and only
 * to its owner. Every answer is checked against the OpenAPI document by the harness.
 */
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

describe('GET /api/images/{imageId}', () => {
  it('answers what ingest read and the albums that hold the photo; another user gets 404', async () => {
    const { token } = await harness.signIn('iris');
    const bytes = await makeJpeg({
      width: 640,
      height: 480,
      color: '#5a7d9a',
      takenAt: new Date(Date.UTC(2026, 4, 12, 9, 30)),
      gps: { latitude: 41.1496, longitude: -8.611 },
      camera: { make: 'FUJIFILM', model: 'X100V' },
    });
    const [key] = await uploadFiles(harness, token, [
      { name: 'DSCF0042.JPG', contentType: 'image/jpeg', bytes },
    ]);
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: [key] } });
    const job = await waitForJob(harness, token, started.body.jobId);
    expect(job.status).toBe('completed');
    const [photo] = (await harness.api('/api/images', { token })).body.images;
    const mine = await harness.api('/api/albums', { token, body: { title: 'Mine', imageIds: [photo.id] } });

    const info = await harness.api(`/api/images/${photo.id}`, { token });

    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      id: photo.id,
      originalFilename: 'DSCF0042.JPG',
      contentType: 'image/jpeg',
      sizeBytes: bytes.length,
      width: 640,
      height: 480,
      takenAt: '2026-05-12T09:30:00.000Z',
      takenAtSource: 'exif',
      place: { city: 'Porto', country: expect.any(String) },
      camera: expect.stringContaining('X100V'),
      trashedAt: null,
    });
    // The album made by hand is the newest; the organizer's album holds it too.
    expect(info.body.albums[0]).toEqual({ id: mine.body.id, title: 'Mine' });
    expect(info.body.albums).toHaveLength(2);
    // No storage keys or signed URLs: the info is facts only.
    expect(JSON.stringify(info.body)).not.toMatch(/users\/|X-Amz/);

    const { token: other } = await harness.signIn('mallory-info');
    expect((await harness.api(`/api/images/${photo.id}`, { token: other })).status).toBe(404);

    // In the Trash it still answers, saying since when.
    await harness.api(`/api/images/${photo.id}`, { token, method: 'DELETE' });
    const trashed = await harness.api(`/api/images/${photo.id}`, { token });
    expect(trashed.body.trashedAt).toEqual(expect.any(String));
  });

  it('is 400 for an id that is not a UUID', async () => {
    const { token } = await harness.signIn('iris');
    const answer = await harness.api('/api/images/not-an-id', { token });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_image_id');
  });
});
