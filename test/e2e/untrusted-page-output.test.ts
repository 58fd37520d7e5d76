/**
 * Whatever the model answers for a page design, the stored page is one the template can render as it
 * is: each hostile answer of the fake Gemini server (script tags, HTML, CSS in the palette, a 1 MB
 * string, unknown layouts, refs never offered, wrong types, truncated JSON) goes through the real SDK,
 * queue and worker, and the page answered by the API is checked. A model that keeps failing leaves
 * the offline design, with the reason.
 */

import { HOSTILE_PAGE_ATTACKS } from '../fakes/fake-gemini-pages.ts';
import { type FakeGemini, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { expectRenderablePage, waitForPage } from '../support/album-page-checks.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let gemini: FakeGemini;
let harness: Harness;
let token: string;
let albumId: string;
let imageIds: string[];

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'k' });
  harness = await startHarness({
    ORGANIZER: 'gemini',
    GEMINI_API_KEY: 'k',
    GEMINI_BASE_URL: gemini.url,
    GEMINI_MAX_ATTEMPTS: '1',
  });
  ({ token } = await harness.signIn('ursula'));
  const keys = await uploadFiles(
    harness,
    token,
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => ({
        name: `u${i}.jpg`,
        contentType: 'image/jpeg',
        bytes: await makeJpeg({ width: 320, height: 240, takenAt: new Date(Date.UTC(2026, 5, 1 + i)) }),
      })),
    ),
  );
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  await waitForJob(harness, token, started.body.jobId);
  const gallery = await harness.api('/api/galleries/me', { token });
  imageIds = gallery.body.albums.flatMap((album: any) => album.images.map((image: any) => image.id));
  const created = await harness.api('/api/albums', { token, body: { title: 'June', imageIds } });
  albumId = created.body.id;
});
afterAll(async () => {
  await harness?.stop();
  await gemini?.stop();
});

async function designWith(): Promise<any> {
  const asked = await harness.api(`/api/albums/${albumId}/page/generate`, { token, method: 'POST' });
  expect(asked.status).toBe(202);
  return waitForPage(harness, token, albumId);
}

describe('untrusted page designs', () => {
  it('stores a good design as the model made it, with its cost', async () => {
    gemini.respondWith({ kind: 'good' });
    const page = await designWith();
    expect(page).toMatchObject({ stored: true, source: 'model', job: { status: 'idle', error: null } });
    expect(page.spec.headline).toBe('A few good days');
    expect(page.job.model).toEqual(expect.any(String));
    expect(page.job.usage).toMatchObject({
      totalTokens: expect.any(Number),
      estimatedCostUsd: expect.any(Number),
    });
    expectRenderablePage(page, imageIds);
  });

  it.each(HOSTILE_PAGE_ATTACKS)('%s → a page the template can render, every photo once', async (attack) => {
    gemini.respondWith({ kind: 'hostile-page', attack });
    const page = await designWith();
    expect(page.job.status).toBe('idle');
    expectRenderablePage(page, imageIds);
    // What each attack tried is either gone or kept as inert text for the template to escape.
    const expected: Partial<Record<(typeof HOSTILE_PAGE_ATTACKS)[number], () => void>> = {
      'script-headline': () => expect(page.spec.headline).toBe('<script>alert("headline")</script>Summer'),
      'html-captions': () => expect(page.spec.sections[0].title).toContain('</section><iframe'),
      'css-palette': () => expect(JSON.stringify(page.spec.palette)).not.toMatch(/url|expression|script/),
      'huge-string': () => expect(page.spec.headline).toBe('A'.repeat(80)),
      'unknown-layout': () => expect(page.spec.layout).toBe('story'),
      'foreign-refs': () => expect(JSON.stringify(page.spec)).not.toMatch(/p999|00000000-0000|passwd/),
      'wrong-types': () => expect(page.source).toBe('model'),
      truncated: () => expect(page).toMatchObject({ source: 'offline', job: { error: expect.any(String) } }),
    };
    expected[attack]?.();
  });

  it('falls back to the offline design when the model keeps failing, saying why', async () => {
    gemini.respondWith({ kind: 'error', status: 503 });
    const page = await designWith();
    expect(page).toMatchObject({ stored: true, source: 'offline', job: { status: 'idle' } });
    expect(page.job.error).toEqual(expect.stringContaining('designer failed'));
    expectRenderablePage(page, imageIds);
  });
});
