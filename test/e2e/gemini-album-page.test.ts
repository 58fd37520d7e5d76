/**
 * An album's page designed by Gemini through the whole local app: the owner asks for a design, the
 * worker (its own composition, GEMINI_API_KEY set) makes ONE call through the real @google/genai SDK to
 * the strict fake Gemini server, and the validated design is stored with what it cost. Hostile answers
 * and a model that fails for good still leave a valid page.
 */
import { PAGE_LAYOUTS, PAGE_LIMITS } from '../../lambdas/core/album-page.ts';
import { HOSTILE_PAGE_ATTACKS } from '../fakes/fake-gemini-pages.ts';
import { errorBurst, type FakeGemini, requestText, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let gemini: FakeGemini;
let harness: Harness;
let token: string;
let albumId: string;
let imageIds: string[];

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'page-key' });
  harness = await startHarness({
    ORGANIZER: 'gemini',
    GEMINI_API_KEY: 'page-key',
    GEMINI_BASE_URL: gemini.url,
    GEMINI_MODEL: 'gemini-3.5-flash-lite',
    GEMINI_MAX_ATTEMPTS: '2',
  });
  ({ token } = await harness.signIn('paula'));
  // One album of five photos, organized by the model (the fake's one-album plan).
  gemini.respondWith({ kind: 'good', albumCount: 1 });
  const files = await Promise.all(
    Array.from({ length: 5 }, async (_, index) => ({
      name: `walk-${index}.jpg`,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 1600,
        height: 1200,
        takenAt: new Date(Date.UTC(2026, 4, 2 + Math.floor(index / 3), 9 + index)),
        gps: { latitude: 41.1496, longitude: -8.6109 },
      }),
    })),
  );
  const keys = await uploadFiles(harness, token, files);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  await waitForJob(harness, token, started.body.jobId);
  const [album] = (await harness.api('/api/galleries/me', { token })).body.albums;
  albumId = album.id;
  imageIds = album.images.map((image: { id: string }) => image.id);
});
afterAll(async () => {
  await harness?.stop();
  await gemini?.stop();
});
beforeEach(() => gemini.reset());

/** Asks for a design and waits for the worker to finish it; answers the page as the owner reads it. */
async function design(): Promise<any> {
  const asked = await harness.api(`/api/albums/${albumId}/page/generate`, { token, body: {} });
  expect(asked.status).toBe(202);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const page = await harness.api(`/api/albums/${albumId}/page`, { token });
    if (!['queued', 'designing'].includes(page.body.job.status)) return page.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the page design did not finish within 60 s');
}

/** What every stored page must be, whoever designed it: the album's photos, each once, within limits. */
function expectValidPage(page: any) {
  const { spec } = page;
  expect(PAGE_LAYOUTS).toContain(spec.layout);
  for (const colour of Object.values(spec.palette)) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  expect(Array.from(spec.headline).length).toBeLessThanOrEqual(PAGE_LIMITS.headline);
  expect(Array.from(spec.introduction).length).toBeLessThanOrEqual(PAGE_LIMITS.introduction);
  const shown = [...spec.leadImageIds, ...spec.sections.flatMap((section: any) => section.imageIds)];
  expect([...shown].sort()).toEqual([...imageIds].sort());
  for (const section of spec.sections) {
    expect(Array.from(section.title).length).toBeLessThanOrEqual(PAGE_LIMITS.sectionTitle);
    expect(Array.from(section.caption).length).toBeLessThanOrEqual(PAGE_LIMITS.caption);
  }
}

describe("an album's page designed by Gemini", () => {
  it('is one call with the photos by ref at LOW resolution, stored as the model designed it, with its cost', async () => {
    const page = await design();
    expect(gemini.requests).toHaveLength(1);
    const [request] = gemini.requests;
    const images = (request?.body?.contents ?? [])
      .flatMap((content) => content.parts ?? [])
      .filter((part) => part.inlineData);
    expect(images).toHaveLength(5);
    expect(request?.body?.generationConfig).toMatchObject({ mediaResolution: 'MEDIA_RESOLUTION_LOW' });
    // Refs and coarse facts travel, never an image id or coordinates.
    const sent = JSON.stringify(request?.body);
    for (const id of imageIds) expect(sent).not.toContain(id);
    expect(sent).not.toContain('41.1496');
    expect(requestText(request as never)).toContain('near Porto, Portugal');

    expect(page).toMatchObject({
      source: 'model',
      stored: true,
      spec: { layout: 'story', headline: 'A few good days', leadImageIds: [imageIds[0]] },
      job: { status: 'idle', model: 'gemini-3.5-flash-lite', error: null },
    });
    const { usage } = page.job;
    expect(usage.promptTokens).toBeGreaterThan(5 * 280);
    expect(usage.estimatedCostUsd).toBeCloseTo(
      (usage.promptTokens * 0.3 + usage.outputTokens * 2.5) / 1e6,
      6,
    );
    expectValidPage(page);
  });

  it('falls back to the offline design when the model fails for good (a 503 burst), saying why', async () => {
    gemini.enqueue(...errorBurst(503, 2));
    const page = await design();
    expect(gemini.requests).toHaveLength(2);
    expect(page.source).toBe('offline');
    expect(page.job.error).toContain('503');
    expectValidPage(page);
  });

  it('a 503 burst shorter than the attempts is only a delay', async () => {
    gemini.enqueue(...errorBurst(503, 1));
    const page = await design();
    expect(gemini.requests).toHaveLength(2);
    expect(page.source).toBe('model');
  });

  it.each(HOSTILE_PAGE_ATTACKS)(
    'a hostile design (%s) still leaves a valid page of the album',
    async (attack) => {
      gemini.respondWith({ kind: 'hostile-page', attack });
      const page = await design();
      expectValidPage(page);
      // Markup in the text stays text (the template escapes every string); the palette is #rrggbb only.
      if (attack === 'huge-string')
        expect(page.spec.headline.length).toBeLessThanOrEqual(PAGE_LIMITS.headline);
      if (attack === 'truncated') {
        expect(page.source).toBe('offline');
        expect(page.job.error).toContain('MAX_TOKENS');
        expect(page.job.usage.promptTokens).toBeGreaterThan(0);
      }
    },
  );
});
