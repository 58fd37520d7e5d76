/**
 * Hostile files through the whole pipeline: each one is rejected with a reason while the rest of the
 * batch is organized, and nothing of the originals' metadata leaks into previews or the model request.
 */
import exifr from 'exifr';
import sharp from 'sharp';
import { type FakeGemini, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import {
  makeDecompressionBombPng,
  makeJpeg,
  makeJpegWithHugeExif,
  makeNotAnImage,
  makePng,
  makeTruncatedJpeg,
  makeZeroByteFile,
} from '../fixtures/photos.ts';
import { type Harness, startHarness, waitForJob } from '../support/local-app-harness.ts';

let gemini: FakeGemini;
let harness: Harness;
let token: string;

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'k' });
  harness = await startHarness({ ORGANIZER: 'gemini', GEMINI_API_KEY: 'k', GEMINI_BASE_URL: gemini.url });
  ({ token } = await harness.signIn('mallory'));
});
afterAll(async () => {
  await harness?.stop();
  await gemini?.stop();
});

const exactGps = { latitude: 41.157944, longitude: -8.629105 };

interface Upload {
  name: string;
  contentType: string;
  bytes: Buffer;
  /** What the client claims in generate-urls, when it lies. */
  declaredSize?: number;
}

/** Requests URLs with the declared sizes, then PUTs the real bytes (the local S3 does not enforce the signed length). */
async function upload(files: Upload[]): Promise<string[]> {
  const response = await harness.api('/api/uploads/generate-urls', {
    token,
    body: {
      files: files.map((file) => ({
        name: file.name,
        contentType: file.contentType,
        size: file.declaredSize ?? file.bytes.length,
      })),
    },
  });
  expect(response.status).toBe(200);
  for (const [index, ticket] of response.body.uploads.entries()) {
    const put = await fetch(ticket.url, {
      method: 'PUT',
      headers: ticket.headers,
      body: files[index]?.bytes,
    });
    expect(put.ok).toBe(true);
  }
  return response.body.uploads.map((ticket: { key: string }) => ticket.key);
}

describe('a batch full of hostile files', () => {
  let job: any;
  let names: Map<string, string>;

  beforeAll(async () => {
    const good = await makeJpeg({
      width: 1600,
      height: 1200,
      takenAt: new Date('2026-05-02T10:00:00Z'),
      gps: exactGps,
      camera: { make: 'Canon', model: 'EOS R6' },
    });
    const files: Upload[] = [
      { name: 'good.jpg', contentType: 'image/jpeg', bytes: good },
      { name: 'good-too.png', contentType: 'image/png', bytes: await makePng(640, 480) },
      { name: 'huge-exif.jpg', contentType: 'image/jpeg', bytes: await makeJpegWithHugeExif() },
      { name: 'notes.jpg', contentType: 'image/jpeg', bytes: makeNotAnImage() },
      { name: 'cut.jpg', contentType: 'image/jpeg', bytes: await makeTruncatedJpeg() },
      { name: 'empty.jpg', contentType: 'image/jpeg', bytes: makeZeroByteFile(), declaredSize: 1000 },
      { name: 'png-pretending.jpg', contentType: 'image/jpeg', bytes: await makePng(64, 64) },
      { name: 'bomb.png', contentType: 'image/png', bytes: makeDecompressionBombPng() },
      { name: 'bigger.jpg', contentType: 'image/jpeg', bytes: good, declaredSize: 100 },
    ];
    const keys = await upload(files);
    names = new Map(keys.map((key, index) => [key, files[index]?.name as string]));
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
    expect(started.status).toBe(202);
    job = await waitForJob(harness, token, started.body.jobId);
  });

  it('organizes the good photos and rejects each hostile one with a reason', async () => {
    expect(job.status).toBe('completed');
    const rejected = Object.fromEntries(
      job.rejectedImages.map((image: any) => [image.filename, image.reason]),
    );
    expect(Object.keys(rejected).sort()).toEqual([
      'bigger.jpg',
      'bomb.png',
      'cut.jpg',
      'empty.jpg',
      'notes.jpg',
      'png-pretending.jpg',
    ]);
    expect(rejected['bigger.jpg']).toMatch(/larger than declared/);
    expect(rejected['bomb.png']).toMatch(/pixels|too large/i);
    expect(rejected['empty.jpg']).toMatch(/empty/);
    expect(rejected['png-pretending.jpg']).toMatch(/PNG|declared|match/i);
    const gallery = await harness.api('/api/galleries/me', { token });
    const placed = gallery.body.albums.flatMap((album: any) =>
      album.images.map((image: any) => names.get(image.storageKey)),
    );
    expect(placed.sort()).toEqual(['good-too.png', 'good.jpg', 'huge-exif.jpg']);
  });

  it('strips every bit of metadata from previews and thumbnails', async () => {
    const gallery = await harness.api('/api/galleries/me', { token });
    const images = gallery.body.albums.flatMap((album: any) => album.images);
    for (const url of images.flatMap((image: any) => [image.previewUrl, image.thumbnailUrl])) {
      const preview = Buffer.from(await (await fetch(url)).arrayBuffer());
      const meta = await sharp(preview).metadata();
      expect([meta.exif, meta.xmp, meta.iptc, meta.icc && 'icc-only-allowed']).toEqual([
        undefined,
        undefined,
        undefined,
        meta.icc ? 'icc-only-allowed' : undefined,
      ]);
      expect(await exifr.gps(preview).catch(() => undefined)).toBeUndefined();
    }
  });

  it('never sends exact GPS or any EXIF to the model, only a coarse place', async () => {
    expect(gemini.requests).toHaveLength(1);
    const request = JSON.stringify(gemini.requests[0]?.body);
    expect(request).not.toContain('41.15');
    expect(request).not.toContain('-8.62');
    expect(request).toContain('Porto');
    for (const part of (gemini.requests[0]?.body?.contents ?? []).flatMap((content) => content.parts ?? [])) {
      if (!part?.inlineData?.data) continue;
      const bytes = Buffer.from(part.inlineData.data, 'base64');
      expect(
        (sharp(bytes).metadata() as Promise<{ exif?: Buffer }>).then((meta) => meta.exif),
      ).resolves.toBeUndefined();
    }
  });
});
