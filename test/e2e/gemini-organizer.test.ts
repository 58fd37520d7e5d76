/**
 * With GEMINI_API_KEY set, the app organizes through the real @google/genai SDK — here against a fake
 * Gemini server on 127.0.0.1 that speaks the REST protocol and records what it receives.
 */
import exifr from 'exifr';
import {
  asksDescriptions,
  type FakeGemini,
  goodPhotoDescriptions,
  startFakeGemini,
} from '../fakes/fake-gemini-server.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let gemini: FakeGemini;
let harness: Harness;
let token: string;

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'test-key' });
  harness = await startHarness({
    ORGANIZER: 'gemini',
    GEMINI_API_KEY: 'test-key',
    GEMINI_BASE_URL: gemini.url,
    GEMINI_MODEL: 'gemini-3.5-flash-lite',
    // Three: room for a cut answer's two retries (more room, then the albums alone).
    GEMINI_MAX_ATTEMPTS: '3',
  });
  ({ token } = await harness.signIn('dora'));
});
afterAll(async () => {
  await harness?.stop();
  await gemini?.stop();
});
beforeEach(() => gemini.reset());

/** Each call's photos are new ones (a minute apart from earlier calls'): identical files would be duplicates. */
let batch = 0;

async function organize(count: number) {
  batch++;
  const files = await Promise.all(
    Array.from({ length: count }, async (_, i) => ({
      name: `photo-${i}.jpg`,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 2000,
        height: 1500,
        takenAt: new Date(Date.UTC(2026, 6, 1, 8 + i, batch)),
        gps: { latitude: 41.1496, longitude: -8.6109 },
      }),
    })),
  );
  const keys = await uploadFiles(harness, token, files);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  return { keys, job: await waitForJob(harness, token, started.body.jobId) };
}

/** Each photo's caption, tags and their source, in the order of `keys`. */
async function described(keys: string[]) {
  const rows = await harness.app.http.db
    .selectFrom('images')
    .select(['storage_key', 'caption', 'tags', 'description_source'])
    .where('storage_key', 'in', keys)
    .execute();
  const byKey = new Map(rows.map(({ storage_key, ...row }) => [storage_key, row]));
  return keys.map((key) => byKey.get(key));
}

describe('organizing with Gemini', () => {
  it("sends every photo in ONE call with small previews and stores the model's albums and usage", async () => {
    gemini.respondWith({ kind: 'good', albumCount: 2 });
    const { keys, job } = await organize(6);
    expect(job).toMatchObject({
      status: 'completed',
      organizer: 'gemini',
      albumCount: 2,
      tokens: { input: expect.any(Number), output: expect.any(Number), thinking: 0 },
      estimatedCostUsd: expect.any(Number),
    });
    expect(job.estimatedCostUsd).toBeCloseTo((job.tokens.input * 0.3 + job.tokens.output * 2.5) / 1e6, 6);
    expect(gemini.requests).toHaveLength(1);
    const request = gemini.requests[0];
    expect(request?.model).toBe('gemini-3.5-flash-lite');
    const parts = (request?.body?.contents ?? []).flatMap((content) => content.parts ?? []);
    const images = parts.flatMap((part) => (part?.inlineData ? [part.inlineData] : []));
    expect(images).toHaveLength(6);
    for (const part of images) {
      // Previews for the model, not the originals: well under the original's size, and without EXIF.
      const bytes = Buffer.from(part.data ?? '', 'base64');
      expect(bytes.length).toBeLessThan(80_000);
      expect(await exifr.gps(bytes)).toBeUndefined();
      expect(await exifr.parse(bytes, true)).toBeUndefined();
    }
    const text = JSON.stringify(request?.body);
    // The model is told the town, never coordinates: neither the exact fix nor its ~100 m rounding.
    expect(text).not.toMatch(/41\.1[45]|8\.61/);
    expect(text).toContain('Porto');
    const gallery = await harness.api('/api/galleries/me', { token });
    const placed = gallery.body.albums.flatMap((album: any) =>
      album.images.map((image: any) => image.storageKey),
    );
    expect(new Set(placed)).toEqual(new Set(keys));
    const stored = await harness.app.http.db
      .selectFrom('processing_jobs')
      .select('result_data')
      .where('id', '=', job.jobId)
      .executeTakeFirstOrThrow();
    expect(stored.result_data).toMatchObject({
      organizer: 'gemini',
      usage: { promptTokens: expect.any(Number) },
      rawAnswer: { albums: expect.any(Array) },
    });
    // What the model said each photo is about is kept with the photo (which ref is which photo is
    // the job's business: compare as sets).
    const good = goodPhotoDescriptions(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']).map(({ caption, tags }) => ({
      caption,
      tags,
      description_source: 'model',
    }));
    const byCaption = (a?: { caption: string | null }, b?: { caption: string | null }) =>
      String(a?.caption).localeCompare(String(b?.caption));
    expect((await described(keys)).sort(byCaption)).toEqual(good.sort(byCaption));
  });

  it('organizes offline when the model keeps failing, and says why', async () => {
    gemini.respondWith({ kind: 'error', status: 503 });
    const { keys, job } = await organize(3);
    expect(gemini.requests).toHaveLength(3);
    expect(job).toMatchObject({
      status: 'completed',
      organizer: 'offline',
      albumCount: expect.any(Number),
      fallbackReason: expect.stringContaining('503'),
    });
    // Placed by this job: in albums of its own or, as here (the same day in Porto as the first test's
    // photos), in the album they continue.
    const stored = await harness.app.http.db
      .selectFrom('album_images')
      .select('image_id')
      .where('added_by_job', '=', job.jobId)
      .execute();
    expect(stored).toHaveLength(keys.length);
    // Captioned offline from what is known: the town and the day (1 July 2026 was a Wednesday).
    expect(await described(keys)).toEqual(
      keys.map(() => ({
        caption: 'Porto, Portugal · Wednesday 1 July 2026',
        tags: ['porto', 'portugal', 'july', 'summer'],
        description_source: 'offline',
      })),
    );
  });

  it("keeps the model's albums when its descriptions do not fit the output limit, and describes offline", async () => {
    // Cut twice (the answer, then the same with twice the room), as an answer too long for the cap is:
    // the third call asks for the albums alone, and the photos are described as if offline.
    gemini.enqueue(
      { kind: 'finish', finishReason: 'MAX_TOKENS', text: '{"albums":[{"title":"Riverside' },
      { kind: 'finish', finishReason: 'MAX_TOKENS', text: '{"albums":[{"title":"Riverside' },
    );
    gemini.respondWith({ kind: 'good', albumCount: 1 });
    const { keys, job } = await organize(2);
    expect(gemini.requests.map(asksDescriptions)).toEqual([true, true, false]);
    expect(job).toMatchObject({ status: 'completed', organizer: 'gemini' });
    expect(job.fallbackReason).toBeNull();
    const stored = await harness.app.http.db
      .selectFrom('processing_jobs')
      .select('result_data')
      .where('id', '=', job.jobId)
      .executeTakeFirstOrThrow();
    // The job says why its photos were described offline.
    expect((stored.result_data as { repairs: string[] }).repairs).toEqual([
      'descriptions: left out of the answer, which did not fit the output limit with them',
    ]);
    expect(await described(keys)).toEqual(
      keys.map(() => ({
        caption: 'Porto, Portugal · Wednesday 1 July 2026',
        tags: ['porto', 'portugal', 'july', 'summer'],
        description_source: 'offline',
      })),
    );
  });

  it('repairs an answer with invented ids and an HTML title', async () => {
    gemini.respondWith((request) => {
      const refs = JSON.stringify(request.body).match(/\bp\d+\b/g) ?? [];
      return {
        kind: 'json',
        value: {
          albums: [{ title: '<img src=x onerror=alert(1)>', description: 'x', photoIds: [refs[0], 'p999'] }],
        },
      };
    });
    const { job } = await organize(2);
    expect(job).toMatchObject({
      status: 'completed',
      organizer: 'gemini',
      albumCount: 2,
      tokens: { input: expect.any(Number), output: expect.any(Number), thinking: 0 },
      estimatedCostUsd: expect.any(Number),
    });
    expect(job.estimatedCostUsd).toBeCloseTo((job.tokens.input * 0.3 + job.tokens.output * 2.5) / 1e6, 6);
    const gallery = await harness.api('/api/galleries/me', { token });
    expect(gallery.body.albums.map((album: any) => album.title)).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows the model the albums new photos may join, a line and a small cover each, and lets them join', async () => {
    await organize(2);
    const before = (await harness.api('/api/galleries/me', { token })).body.albums;
    gemini.reset();
    gemini.respondWith((request) => {
      const texts = (request.body?.contents ?? [])
        .flatMap((c) => c.parts ?? [])
        .map((part) => part.text ?? '');
      const photoIds = texts.flatMap((text) => (text.startsWith('Photo ') ? [text.split(' ')[1]] : []));
      return {
        kind: 'json',
        value: {
          albums: [{ title: 'Same trip', description: 'More of it', existingAlbumId: 'a1', photoIds }],
        },
      };
    });
    const { keys, job } = await organize(2);
    const parts = (gemini.requests[0]?.body?.contents ?? []).flatMap((content) => content.parts ?? []);
    const albumLines = parts.flatMap((part, index) =>
      part.text?.startsWith('Album a') ? [[part.text, parts[index + 1]?.inlineData ? 'cover' : 'none']] : [],
    );
    expect(albumLines.length).toBeGreaterThan(0);
    expect(albumLines.length).toBeLessThanOrEqual(20);
    expect(albumLines[0]?.[1]).toBe('cover');
    expect(albumLines[0]?.[0]).toMatch(
      /^Album a1 · ".+" · .*2026-07-01.* · near Porto, Portugal · \d+ photos?$/,
    );
    expect(job).toMatchObject({ status: 'completed', newAlbumCount: 0, joinedAlbums: [{ added: 2 }] });
    const target = before.find((album: any) => album.id === job.joinedAlbums[0].albumId);
    // The album the model joined by "a1" is the one the line described.
    expect(albumLines[0]?.[0]).toContain(JSON.stringify(target.title));
    const after = (await harness.api('/api/galleries/me', { token })).body.albums;
    expect(after).toHaveLength(before.length);
    const grown = after.find((album: any) => album.id === target.id);
    expect(grown.title).toBe(target.title);
    expect(grown.images.slice(-2).map((image: any) => image.storageKey)).toEqual(keys);
  });
});
