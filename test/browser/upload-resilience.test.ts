/**
 * How the upload and organize screens behave when things go wrong: storage errors are retried with
 * backoff, an expired URL (403) is replaced by a fresh one, a file that keeps failing does not hold up
 * the rest, uploads can be cancelled, URLs come in chunks of at most 100, and a failed organize step
 * shows its error, the rejected photos and a retry button. Faults are injected in the browser.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Request, Route } from 'playwright-core';
import { makePng } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { describeInBrowser, launchBrowser, type RunningBrowser } from './support/browser.ts';
import { type PhotoFiles, writePortoWeekend } from './support/photo-files.ts';
import {
  fileNameOfPutIn,
  freshUploadPage,
  recordFileNamesOfKeys,
  signInOnPage,
} from './support/signed-in.ts';

/** Globals of the page, used only inside callbacks that run there (the tests compile without the DOM lib). */
declare const document: any;
declare const window: any;
declare const sessionStorage: any;
declare const XMLHttpRequest: any;

let harness: Harness;
let browser: RunningBrowser;
let photos: PhotoFiles;
let page: Page;
let requests: Request[] = [];
let cases = 0;
/** Storage key → file name, from the answers to generate-urls: a PUT carries only the key. */
let fileNameOfKey = new Map<string, string>();

const STORAGE = '**/momentarium-uploads/**';

/**
 * Photos of another weekend, for a test that organizes: files Eve uploaded before would be rejected
 * as already in her library.
 */
const weekends: PhotoFiles[] = [];
async function anotherWeekend(): Promise<PhotoFiles> {
  const files = await writePortoWeekend(weekends.length + 1);
  weekends.push(files);
  return files;
}

describeInBrowser('uploading and organizing when things go wrong', () => {
  beforeAll(async () => {
    [harness, browser, photos] = await Promise.all([startHarness(), launchBrowser(), writePortoWeekend()]);
    page = browser.page;
    page.on('request', (request) => requests.push(request));
    // Counts uploads in flight where they happen: the page's only XMLHttpRequests are the PUTs.
    await page.addInitScript(() => {
      const counter = window as unknown as { uploadsInFlight: number; mostUploadsAtOnce: number };
      counter.uploadsInFlight = 0;
      counter.mostUploadsAtOnce = 0;
      const send = XMLHttpRequest.prototype.send;
      XMLHttpRequest.prototype.send = function (this: any, body: unknown) {
        counter.mostUploadsAtOnce = Math.max(counter.mostUploadsAtOnce, ++counter.uploadsInFlight);
        // DONE comes before `load`, whose handler may start the next upload at once.
        const done = () => {
          if (this.readyState !== XMLHttpRequest.DONE) return;
          counter.uploadsInFlight--;
          this.removeEventListener('readystatechange', done);
        };
        this.addEventListener('readystatechange', done);
        return send.call(this, body);
      };
    });
    fileNameOfKey = recordFileNamesOfKeys(page);
    await signInOnPage(page, harness, 'eve');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await photos?.remove();
    for (const weekend of weekends) await weekend.remove();
  });
  beforeEach(async () => {
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    // A fresh page for each case: the upload queue and the organizer live as long as the page does.
    await page.evaluate(() => sessionStorage.removeItem('momentarium.job'));
    // And a new user: the same photos uploaded by the same user are "already in your library" the next time.
    await freshUploadPage(page, harness, `eve-${++cases}`);
    requests = [];
  });

  const origin = () => new URL(harness.app.url).origin;
  /** A storage answer the page's script may read (storage is another origin). */
  const storageFails = (route: Route, status: number) =>
    route.fulfill({ status, headers: { 'access-control-allow-origin': origin() }, body: 'no' });
  const puts = () => requests.filter((request) => request.method() === 'PUT');
  const urlRequests = () =>
    requests.filter((request) => request.url().endsWith('/api/uploads/generate-urls'));
  const item = (name: string) => page.locator('.upload-item', { hasText: name });
  /** The name of the file a storage PUT carries (its answer to generate-urls may still be on its way). */
  async function fileNameOfPut(request: Request): Promise<string | undefined> {
    return fileNameOfPutIn(fileNameOfKey, request);
  }

  it('retries a failed PUT with backoff, and fetches a fresh URL after a 403', async () => {
    let failures = 0;
    await page.route(STORAGE, (route) => {
      const request = route.request();
      if (request.method() !== 'PUT') return route.continue();
      failures++;
      if (failures === 1) return storageFails(route, 500);
      if (failures === 2) return storageFails(route, 403);
      return route.continue();
    });
    await page.locator('#file-input').setInputFiles(photos.paths[0] as string);
    await item('ribeira.jpg').and(page.locator('[data-status="done"]')).waitFor();
    expect(puts()).toHaveLength(3);
    // The 403 made the app ask for a new URL (a new key) instead of retrying the dead one.
    expect(urlRequests()).toHaveLength(2);
    expect(new Set(puts().map((request) => new URL(request.url()).pathname)).size).toBe(2);
    await page.getByRole('button', { name: 'Clear list' }).click();
  });

  it('lets one failing file fail without holding up the others, then retries it', async () => {
    let broken = true;
    await page.route(STORAGE, async (route) => {
      const request = route.request();
      const isBridge = request.method() === 'PUT' && (await fileNameOfPut(request)) === 'bridge.jpg';
      if (isBridge && broken) return storageFails(route, 503);
      return route.continue();
    });
    await page.locator('#file-input').setInputFiles(photos.paths);
    await item('bridge.jpg').and(page.locator('[data-status="failed"]')).waitFor();
    await page.locator('.upload-item[data-status="done"]').nth(2).waitFor();
    expect(await item('bridge.jpg').locator('.item-status').textContent()).toMatch(
      /^Failed: storage is having trouble/,
    );
    expect(await page.getByRole('button', { name: 'Organize 3 photos' }).isEnabled()).toBe(true);
    broken = false;
    await page.getByRole('button', { name: 'Retry failed' }).click();
    await page.getByText('4 of 4 photos uploaded').waitFor();
    await page.getByRole('button', { name: 'Clear list' }).click();
  });

  it('cancels an upload in flight, and organizes only what arrived', async () => {
    let releaseTram = () => {};
    await page.route(STORAGE, async (route) => {
      const request = route.request();
      if (request.method() === 'PUT' && (await fileNameOfPut(request)) === 'tram.jpg') {
        // Held until the page has cancelled it.
        await new Promise<void>((resolve) => {
          releaseTram = resolve;
        });
      }
      // The page may have cancelled the request meanwhile.
      await route.continue().catch(() => {});
    });
    await page.locator('#file-input').setInputFiles((await anotherWeekend()).paths.slice(0, 3));
    await page.locator('.upload-item[data-status="done"]').nth(1).waitFor();
    await page.getByRole('button', { name: 'Cancel tram.jpg' }).click();
    await item('tram.jpg').and(page.locator('[data-status="cancelled"]')).waitFor();
    releaseTram();
    await page.getByRole('button', { name: 'Organize 2 photos' }).click();
    await page.locator('[data-job-status="completed"]').waitFor();
    const start = requests.find((request) => request.url().endsWith('/api/galleries/process'));
    expect(start?.postDataJSON().imageKeys).toHaveLength(2);
    await page.getByRole('button', { name: 'Upload more photos' }).click();
  });

  it('asks for upload URLs in chunks of at most 100 files', async () => {
    const paths: string[] = [];
    for (let index = 0; index < 105; index++) {
      const path = join(photos.dir, `tiny-${index}.png`);
      // Each a different picture: identical files in one drop are uploaded once.
      await writeFile(path, await makePng(16 + index, 16));
      paths.push(path);
    }
    await page.locator('#file-input').setInputFiles(paths);
    await page.getByText('105 of 105 photos uploaded').waitFor({ timeout: 60_000 });
    const sizes = urlRequests().map((request) => request.postDataJSON().files.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(105);
    // A bounded pool: several at once, never more than four.
    const mostAtOnce = await page.evaluate(
      () => (window as unknown as { mostUploadsAtOnce: number }).mostUploadsAtOnce,
    );
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(mostAtOnce).toBeLessThanOrEqual(4);
    await page.getByRole('button', { name: 'Clear list' }).click();
  });

  it('shows a refused start with a retry that reuses the Idempotency-Key', async () => {
    let refusals = 1;
    await page.route('**/api/galleries/process', (route) => {
      if (refusals-- > 0) {
        return route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'service_unavailable', message: 'The job queue is unavailable; try again' },
          }),
        });
      }
      return route.continue();
    });
    await page.locator('#file-input').setInputFiles((await anotherWeekend()).paths[0] as string);
    // 2 s alone; over 15 s on a CI machine while another suite ingests 600 photos (large-drop).
    await page.getByText('1 of 1 photo uploaded').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Organize 1 photo' }).click();
    await page.getByText('Organizing failed: The job queue is unavailable; try again').waitFor();
    await page.getByRole('button', { name: 'Retry organizing' }).click();
    await page.locator('[data-job-status="completed"]').waitFor();
    const keys = requests
      .filter((request) => request.url().endsWith('/api/galleries/process'))
      .map((request) => request.headers()['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    await page.getByRole('button', { name: 'Upload more photos' }).click();
  });

  it('shows a failed job with its error and rejected photos, and retries that same job', async () => {
    let fail = true;
    await page.route('**/api/jobs/*/status', async (route) => {
      if (!fail) return route.continue();
      const real = await (await route.fetch()).json();
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          ...real,
          status: 'failed',
          error: 'none of the 1 photo(s) could be read',
          rejectedImages: [{ key: real.jobId, filename: 'ribeira.jpg', reason: 'the file is not an image' }],
        }),
      });
    });
    // The job really completed on the server, which would refuse a retry (409): answer as for a failed one.
    await page.route('**/api/jobs/*/retry', async (route) => {
      const jobId = new URL(route.request().url()).pathname.split('/')[3];
      fail = false;
      return route.fulfill({
        status: 202,
        contentType: 'application/json',
        body: JSON.stringify({
          jobId,
          status: 'pending',
          statusUrl: `/api/jobs/${jobId}/status`,
          job: { jobId, status: 'pending' },
        }),
      });
    });
    await page.locator('#file-input').setInputFiles((await anotherWeekend()).paths[0] as string);
    await page.getByText('1 of 1 photo uploaded').waitFor();
    await page.getByRole('button', { name: 'Organize 1 photo' }).click();
    await page.getByText('Organizing failed: none of the 1 photo(s) could be read').waitFor();
    expect(await page.locator('.rejected-photos').textContent()).toBe('ribeira.jpg the file is not an image');
    await page.getByRole('button', { name: 'Retry organizing' }).click();
    await page.locator('[data-job-status="completed"]').waitFor();
    const processCalls = requests.filter((request) => request.url().endsWith('/api/galleries/process'));
    const retryCalls = requests.filter((request) => /\/api\/jobs\/[0-9a-f-]{36}\/retry$/.test(request.url()));
    expect(processCalls).toHaveLength(1);
    expect(retryCalls).toHaveLength(1);
    expect(retryCalls[0]?.method()).toBe('POST');
  });
});
