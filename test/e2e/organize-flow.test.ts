/**
 * The whole flow over HTTP against the app as `npm start` runs it: sign in, get upload URLs, PUT real
 * photos to the local S3 endpoint, process, poll, read the gallery and fetch every signed URL.
 */
import sharp from 'sharp';
import { makeJpeg, makeNotAnImage, makePng } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({}, { persistent: true });
});
afterAll(() => harness?.stop());

const porto = { latitude: 41.1496, longitude: -8.6109 };

async function weekendInPorto() {
  return [
    {
      name: 'ribeira.jpg',
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 1600,
        height: 1200,
        takenAt: new Date('2026-05-02T10:00:00Z'),
        gps: porto,
      }),
    },
    {
      name: 'bridge.jpg',
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 1200,
        height: 1600,
        takenAt: new Date('2026-05-02T18:30:00Z'),
        gps: porto,
        color: '#aa5522',
      }),
    },
    {
      name: 'tram.jpg',
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 1600,
        height: 1200,
        takenAt: new Date('2026-05-03T09:15:00Z'),
        gps: porto,
        color: '#22aa55',
      }),
    },
    { name: 'screenshot.png', contentType: 'image/png', bytes: await makePng(800, 600) },
    { name: 'notes.jpg', contentType: 'image/jpeg', bytes: makeNotAnImage() },
  ];
}

describe('organizing a batch end to end', () => {
  let ana: { token: string; userId: string };
  let keys: string[];
  let job: any;

  beforeAll(async () => {
    ana = await harness.signIn('ana');
    keys = await uploadFiles(harness, ana.token, await weekendInPorto());
    const started = await harness.api('/api/galleries/process', {
      token: ana.token,
      body: { imageKeys: keys },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      jobId: expect.any(String),
      status: 'pending',
      statusUrl: `/api/jobs/${started.body.jobId}/status`,
    });
    job = await waitForJob(harness, ana.token, started.body.jobId);
  });

  it('completes the job and names the photo it could not read', () => {
    expect(job).toMatchObject({
      status: 'completed',
      imageCount: 5,
      organizer: 'offline',
      resultUrl: `/api/galleries/${ana.userId}`,
    });
    expect(job.rejectedImages).toEqual([{ key: keys[4], filename: 'notes.jpg', reason: expect.any(String) }]);
  });

  it('builds albums with human titles that place every readable photo', async () => {
    const { status, body } = await harness.api('/api/galleries/me', { token: ana.token });
    expect(status).toBe(200);
    const titles = body.albums.map((album: any) => album.title);
    expect(titles).toContain('A weekend in Porto');
    const placed = body.albums.flatMap((album: any) => album.images.map((image: any) => image.storageKey));
    expect(new Set(placed)).toEqual(new Set(keys.slice(0, 4)));
    const weekend = body.albums.find((album: any) => album.title === 'A weekend in Porto');
    expect(weekend.images.map((image: any) => image.originalFilename)).toEqual([
      'ribeira.jpg',
      'bridge.jpg',
      'tram.jpg',
    ]);
    expect(weekend.images.map((image: any) => image.displayOrder)).toEqual([0, 1, 2]);
    expect(weekend.coverImageId).toBe(weekend.images[0].id);
  });

  it('signs working URLs for every original, preview and thumbnail', async () => {
    const { body } = await harness.api(`/api/galleries/${ana.userId}`, { token: ana.token });
    for (const image of body.albums.flatMap((album: any) => album.images)) {
      const original = await fetch(image.url);
      expect(original.status).toBe(200);
      const preview = Buffer.from(await (await fetch(image.previewUrl)).arrayBuffer());
      const meta = await sharp(preview).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(1024);
      const thumbnail = Buffer.from(await (await fetch(image.thumbnailUrl)).arrayBuffer());
      const thumbnailMeta = await sharp(thumbnail).metadata();
      expect(thumbnailMeta.format).toBe('jpeg');
      expect(thumbnailMeta.exif).toBeUndefined();
      expect(Math.max(thumbnailMeta.width ?? 0, thumbnailMeta.height ?? 0)).toBeLessThanOrEqual(512);
      expect(thumbnail.length).toBeLessThan(preview.length);
    }
  });

  it('keeps everything across a restart', async () => {
    await harness.restart();
    const { status, body } = await harness.api('/api/galleries/me', { token: ana.token });
    expect(status).toBe(200);
    expect(body.albums.flatMap((album: any) => album.images)).toHaveLength(4);
    const image = body.albums[0].images[0];
    expect((await fetch(image.url)).status).toBe(200);
  });

  it("hides one user's gallery, jobs and keys from another", async () => {
    const bob = await harness.signIn('bob');
    expect((await harness.api(`/api/galleries/${ana.userId}`, { token: bob.token })).status).toBe(404);
    expect((await harness.api(`/api/jobs/${job.jobId}/status`, { token: bob.token })).status).toBe(404);
    const stolen = await harness.api('/api/galleries/process', {
      token: bob.token,
      body: { imageKeys: [keys[0]] },
    });
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe('not_found');
    expect((await harness.api('/api/galleries/me', { token: bob.token })).body.albums).toEqual([]);
  });

  it('answers 401 without a valid token and 400 for a malformed job id', async () => {
    expect((await harness.api('/api/galleries/me')).status).toBe(401);
    expect((await harness.api('/api/galleries/me', { token: 'not-a-jwt' })).status).toBe(401);
    const bad = await harness.api('/api/jobs/not-a-uuid/status', { token: ana.token });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: { code: 'invalid_job_id', message: expect.any(String), details: { field: 'id' } },
    });
  });

  it('reports health with database reachability', async () => {
    const { status, body } = await harness.api('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } } });
  });
});
