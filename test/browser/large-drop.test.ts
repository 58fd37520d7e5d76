/**
 * A drop larger than one job takes (MAX_IMAGES_PER_JOB): 600 real JPEGs picked at once upload through
 * URL requests of at most 100 files and are organized as two jobs, the second started only after the
 * first finished, with one progress display that says which part is running — and every photo of both
 * parts ends in an album. A server refusing a too-large job explains its limit in words.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request, Response } from 'playwright-core';
import { MAX_FILES_PER_REQUEST, MAX_IMAGES_PER_JOB } from '../../lambdas/core/upload-policy.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { describeInBrowser, launchBrowser, type RunningBrowser } from './support/browser.ts';

/** Globals of the page, used only inside callbacks that run there (the tests compile without the DOM lib). */
declare const document: any;
declare const window: any;
declare const MutationObserver: any;
declare const sessionStorage: any;

/** 600 by default: more than one job takes. `DROP_PHOTOS=2000` checks a 2,000-photo drop (slow). */
const PHOTOS = Number(process.env.DROP_PHOTOS ?? 600);
const PARTS = Math.ceil(PHOTOS / MAX_IMAGES_PER_JOB);
/** Photos the parts before the last hold (the parts are as even as possible). */
const BEFORE_LAST = PHOTOS - Math.floor(PHOTOS / PARTS);
const count = (value: number) => value.toLocaleString('en');
/** Slow machines and big drops: the waits grow with the drop. */
const SECONDS_PER_PHOTO = 0.5;

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let dir: string;
let paths: string[];
const requests: { request: Request; at: number }[] = [];
const completedStatuses: { jobId: string; at: number; joinedAlbums: unknown[] }[] = [];

/** Distinct small JPEGs of one long stay in Porto, a photo every two minutes. */
async function writeDrop(count: number): Promise<string[]> {
  const written: string[] = [];
  const start = Date.parse('2026-06-13T08:00:00Z');
  for (let index = 0; index < count; index++) {
    const bytes = await makeJpeg({
      width: 64,
      height: 48,
      color: `#${(0x203040 + index * 0x010203).toString(16).slice(-6)}`,
      takenAt: new Date(start + index * 120_000),
      gps: { latitude: 41.1496, longitude: -8.6109 },
      camera: { make: 'Fujifilm', model: 'X100V' },
    });
    const path = join(dir, `IMG_${String(index).padStart(4, '0')}.jpg`);
    await writeFile(path, bytes);
    written.push(path);
  }
  return written;
}

describeInBrowser('a drop of more photos than one job takes', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'momentarium-large-drop-'));
    [harness, browser, paths] = await Promise.all([startHarness(), launchBrowser(), writeDrop(PHOTOS)]);
    page = browser.page;
    page.on('request', (request) => requests.push({ request, at: Date.now() }));
    page.on('response', async (response: Response) => {
      if (!/\/api\/jobs\/[^/]+\/status$/.test(response.url()) || !response.ok()) return;
      const at = Date.now();
      const body = await response.json().catch(() => null);
      if (body?.status === 'completed')
        completedStatuses.push({ jobId: body.jobId, at, joinedAlbums: body.joinedAlbums ?? [] });
    });
    // Every text the one progress display shows, in order, as the page changes it.
    await page.addInitScript(() => {
      const seen: string[] = [];
      window.progressTexts = seen;
      new MutationObserver(() => {
        const text = document.getElementById('overall-label')?.textContent;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(harness.app.url);
    await page.getByLabel('Username').fill('dora');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  }, 120_000);
  beforeEach(async () => {
    // A fresh page for each case: the upload queue and the organizer live as long as the page does.
    await page.goto('about:blank');
    await page.goto(`${harness.app.url}/#/upload`);
    await page.getByRole('heading', { level: 1, name: 'Upload photos' }).waitFor();
    requests.length = 0;
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const sent = (path: string) =>
    requests
      .filter(({ request }) => new URL(request.url()).pathname === path)
      .map(({ request, at }) => ({
        body: request.postDataJSON(),
        at,
      }));

  it(
    `uploads ${PHOTOS} photos and organizes them as ${PARTS} jobs, one after the other, with one progress display`,
    async () => {
      const started = Date.now();
      const log = (what: string) =>
        process.stdout.write(`${PHOTOS} photos ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      await page.locator('#file-input').setInputFiles(paths);
      const main = page.locator('main');
      await main
        .getByText(`${count(PHOTOS)} of ${count(PHOTOS)} photos uploaded`)
        .waitFor({ timeout: PHOTOS * SECONDS_PER_PHOTO * 1000 });
      log('checked and uploaded');

      // The limit is explained before the click, in words.
      await main
        .getByText(`One job organizes at most ${MAX_IMAGES_PER_JOB} photos, so these go in ${PARTS} parts`)
        .waitFor();
      await main.getByRole('button', { name: `Organize ${count(PHOTOS)} photos` }).click();
      await main
        .getByText(`Done: ${count(PHOTOS)} photos organized in ${PARTS} parts.`)
        .waitFor({ timeout: PHOTOS * SECONDS_PER_PHOTO * 1000 });
      log('organized');

      // URL requests within the server's limit, every file asked for once, each with its SHA-256.
      const urlRequests = sent('/api/uploads/generate-urls');
      const files = urlRequests.flatMap(({ body }) => body.files);
      expect(Math.max(...urlRequests.map(({ body }) => body.files.length))).toBeLessThanOrEqual(
        MAX_FILES_PER_REQUEST,
      );
      expect(files).toHaveLength(PHOTOS);
      expect(new Set(files.map((file: { sha256: string }) => file.sha256)).size).toBe(PHOTOS);
      expect(files.every((file: { sha256?: string }) => /^[0-9a-f]{64}$/.test(file.sha256 ?? ''))).toBe(true);

      // Jobs of at most 500 photos, together every photo once; each sent only after the one before
      // finished, so it could join that one's albums — and later parts did.
      const starts = sent('/api/galleries/process');
      expect(starts).toHaveLength(PARTS);
      const parts = starts.map(({ body }) => body.imageKeys as string[]);
      expect(Math.max(...parts.map((part) => part.length))).toBeLessThanOrEqual(MAX_IMAGES_PER_JOB);
      expect(new Set(parts.flat()).size).toBe(PHOTOS);
      // The last status answer is read in a response handler that may finish after the page showed it.
      for (let wait = 0; wait < 100 && completedStatuses.length < PARTS; wait++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(completedStatuses).toHaveLength(PARTS);
      for (let part = 1; part < PARTS; part++) {
        expect(starts[part]?.at).toBeGreaterThanOrEqual(completedStatuses[part - 1]?.at ?? Infinity);
        expect(completedStatuses[part]?.joinedAlbums.length).toBeGreaterThan(0);
      }

      // One progress display: the overall bar, whose words walked through every phase.
      expect(await page.locator('#overall-progress').count()).toBe(1);
      const texts: string[] = await page.evaluate(() => window.progressTexts);
      const firstIndex = (pattern: string) => texts.findIndex((text) => text.startsWith(pattern));
      const phases = [
        'Checking ',
        `${count(PHOTOS)} of ${count(PHOTOS)} photos uploaded`,
        `Organizing part 1 of ${PARTS} · 0 of ${count(PHOTOS)} photos organized`,
        `Organizing part ${PARTS} of ${PARTS} · ${count(BEFORE_LAST)} of ${count(PHOTOS)} photos organized`,
        `All ${count(PHOTOS)} photos organized`,
      ].map(firstIndex);
      expect(phases.every((index) => index >= 0)).toBe(true);
      expect([...phases].sort((a, b) => a - b)).toEqual(phases);

      // Every photo of every part is in an album.
      const token = await page.evaluate(
        () => JSON.parse(sessionStorage.getItem('momentarium.session')).token,
      );
      const gallery = await harness.api('/api/galleries/me', { token });
      const inAlbums = new Set(
        gallery.body.albums.flatMap((album: { images: { storageKey: string }[] }) =>
          album.images.map((image) => image.storageKey),
        ),
      );
      expect(parts.flat().filter((key) => !inAlbums.has(key))).toEqual([]);
    },
    PHOTOS * SECONDS_PER_PHOTO * 2500,
  );

  it('goes on in smaller parts when the server takes fewer photos per job than the page thought', async () => {
    // A server that takes at most 100 photos a job (answering as the real one does past its limit).
    let refused = 0;
    await page.route('**/api/galleries/process', async (route) => {
      const keys = route.request().postDataJSON().imageKeys as string[];
      if (keys.length <= 100) return route.continue();
      refused++;
      return route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'too_many_items',
            message: 'imageKeys: at most 100 photos can be organized in one job',
            details: { field: 'imageKeys', limit: 100 },
          },
        }),
      });
    });
    const some = paths.slice(0, 150).map((path, index) => path.replace(/IMG_/, `again-${index}-`));
    // Other pictures than the first drop's, so they are uploaded, not recognised.
    for (const [index, path] of some.entries()) {
      const color = `#${(0x406080 + index * 0x030507).toString(16).slice(-6)}`;
      await writeFile(
        path,
        await makeJpeg({ width: 40, height: 30, color, takenAt: new Date(Date.UTC(2025, 0, 1, 0, index)) }),
      );
    }
    await page.locator('#file-input').setInputFiles(some);
    const main = page.locator('main');
    await main.getByText('150 of 150 photos uploaded').waitFor({ timeout: 60_000 });
    await main.getByRole('button', { name: 'Organize 150 photos' }).click();
    await main.getByText('Done: 150 photos organized in 2 parts.').waitFor({ timeout: 120_000 });
    expect(refused).toBe(1);
    const accepted = sent('/api/galleries/process').map(({ body }) => body.imageKeys.length);
    expect(accepted).toEqual([150, 75, 75]);
    await page.unroute('**/api/galleries/process');
  }, 240_000);

  it('shows a refusal in words, never the validator’s message, and retries from where it stopped', async () => {
    let refusals = 1;
    await page.route('**/api/galleries/process', (route) => {
      if (refusals-- <= 0) return route.continue();
      return route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'invalid_request',
            message: 'imageKeys: Too big: expected array to have <=500 items',
          },
        }),
      });
    });
    const path = join(dir, 'one-more.jpg');
    await writeFile(path, await makeJpeg({ width: 50, height: 40, color: '#abcdef' }));
    await page.locator('#file-input').setInputFiles(path);
    const main = page.locator('main');
    await main.getByText('1 of 1 photo uploaded').waitFor();
    await main.getByRole('button', { name: 'Organize 1 photo' }).click();
    await main.getByText('Organizing failed: The server could not read this request.').waitFor();
    expect(await main.textContent()).not.toMatch(/too big|expected array/i);
    // The uploads stay listed and a retry goes on; nothing is thrown away.
    expect(await main.locator('.upload-item[data-status="done"]').count()).toBe(1);
    await main.getByRole('button', { name: 'Retry organizing' }).click();
    await main.locator('[data-job-status="completed"]').waitFor({ timeout: 60_000 });
    await page.unroute('**/api/galleries/process');
  });
});
