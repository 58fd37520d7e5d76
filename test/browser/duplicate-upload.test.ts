/**
 * Dropping photos the library already has: the browser hashes each file (SHA-256, in a worker), the
 * server answers "already in your library" for the known ones, and those are never uploaded again —
 * checked on the network, where no PUT leaves for them. A mixed drop uploads only what is new (with
 * the checksum header the server signed), skips a file dropped twice, and organizes the new photos;
 * a known photo that was never organized is organized with the batch instead of being uploaded again.
 */
import { createHash } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { describeInBrowser, launchBrowser, type RunningBrowser } from './support/browser.ts';
import { type PhotoFiles, writePortoWeekend } from './support/photo-files.ts';

/** Globals of the page, used only inside callbacks that run there (the tests compile without the DOM lib). */
declare const sessionStorage: any;

let harness: Harness;
let browser: RunningBrowser;
let photos: PhotoFiles;
let page: Page;
let requests: Request[] = [];

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

describeInBrowser('dropping photos that are already in the library', () => {
  beforeAll(async () => {
    [harness, browser, photos] = await Promise.all([startHarness(), launchBrowser(), writePortoWeekend()]);
    page = browser.page;
    page.on('request', (request) => requests.push(request));
    await page.goto(harness.app.url);
    await page.getByLabel('Username').fill('fred');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  });
  beforeEach(async () => {
    await page.goto('about:blank');
    await page.goto(`${harness.app.url}/#/upload`);
    await page.getByRole('heading', { level: 1, name: 'Upload photos' }).waitFor();
    requests = [];
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await photos?.remove();
  });

  const main = () => page.locator('main');
  const puts = () => requests.filter((request) => request.method() === 'PUT');
  const urlRequests = () =>
    requests.filter((request) => request.url().endsWith('/api/uploads/generate-urls'));
  const item = (name: string) =>
    page.locator('.upload-item').filter({ has: page.getByText(name, { exact: true }) });
  const statusOf = (name: string) => item(name).locator('.item-status').textContent();

  async function uploadAndOrganize(paths: string[]) {
    await page.locator('#file-input').setInputFiles(paths);
    const count = paths.length;
    await main()
      .getByText(`${count} of ${count} ${count === 1 ? 'photo' : 'photos'} uploaded`)
      .waitFor();
    await main()
      .getByRole('button', { name: `Organize ${count} ${count === 1 ? 'photo' : 'photos'}` })
      .click();
    await page.locator('[data-job-status="completed"]').waitFor({ timeout: 90_000 });
  }

  it('uploads a batch, then answers the same files "already in your library" without uploading them', async () => {
    await uploadAndOrganize(photos.paths);
    expect(puts()).toHaveLength(4);
    // Every file went with its SHA-256, hashed in the browser.
    const sent = urlRequests().flatMap((request) => request.postDataJSON().files);
    expect(sent.map((file: { sha256: string }) => file.sha256).sort()).toEqual(
      (await Promise.all(photos.paths.map(sha256))).sort(),
    );

    // Hashed off the page's thread: the module worker loaded (the CSP allows it as a same-origin script).
    expect(page.workers().map((worker) => new URL(worker.url()).pathname)).toContain('/js/hash-worker.js');
    expect(browser.problems).toEqual([]);

    await page.getByRole('button', { name: 'Upload more photos' }).click();
    requests = [];
    await page.locator('#file-input').setInputFiles(photos.paths);
    await main()
      .getByText('All 4 photos are already in your library and in albums: nothing new to upload.')
      .waitFor();
    expect(await page.locator('.upload-item[data-status="duplicate"]').count()).toBe(4);
    expect(await statusOf('bridge.jpg')).toBe('Already in your library');
    // Nothing left for storage, and no dead end: the albums and the library are one click away.
    expect(puts()).toEqual([]);
    expect(await main().getByRole('link', { name: 'See your albums' }).isVisible()).toBe(true);
    expect(
      await main()
        .getByRole('button', { name: /^Organize/ })
        .count(),
    ).toBe(0);
    expect(requests.some((request) => request.url().endsWith('/api/galleries/process'))).toBe(false);
  }, 120_000);

  it('uploads only the new files of a mixed drop, with their checksum, and skips a file dropped twice', async () => {
    const fresh = join(photos.dir, 'harbour.jpg');
    await writeFile(fresh, await makeJpeg({ width: 320, height: 240, color: '#228844' }));
    const twice = join(photos.dir, 'harbour-copy.jpg');
    await copyFile(fresh, twice);
    const [ribeira, bridge] = photos.paths as [string, string];

    await page.locator('#file-input').setInputFiles([ribeira, fresh, bridge, twice]);
    await main().getByText('1 of 1 photo uploaded').waitFor();
    await main().getByText('2 already in your library').waitFor();
    expect(await statusOf('ribeira.jpg')).toBe('Already in your library');
    // Live progress says when ingest has read it, which may already have happened.
    expect(['Uploaded', 'Uploaded and read: ready to organize']).toContain(await statusOf('harbour.jpg'));
    expect(await statusOf('harbour-copy.jpg')).toBe('Skipped: the same file as harbour.jpg');
    expect(await main().textContent()).toContain('1 file twice in this drop');

    // One PUT: the new file, with the checksum header the server signed, which matches its bytes.
    expect(puts()).toHaveLength(1);
    const expected = createHash('sha256')
      .update(await readFile(fresh))
      .digest('base64');
    expect(puts()[0]?.headers()['x-amz-checksum-sha256']).toBe(expected);

    await main().getByRole('button', { name: 'Organize 1 photo' }).click();
    await page.locator('[data-job-status="completed"]').waitFor({ timeout: 60_000 });
    const start = requests.find((request) => request.url().endsWith('/api/galleries/process'));
    expect(start?.postDataJSON().imageKeys).toHaveLength(1);
  }, 120_000);

  it('organizes a known photo that was never organized with the batch, instead of uploading it again', async () => {
    const lone = join(photos.dir, 'lone.jpg');
    await writeFile(lone, await makeJpeg({ width: 300, height: 200, color: '#aa3355' }));
    await page.locator('#file-input').setInputFiles(lone);
    await main().getByText('1 of 1 photo uploaded').waitFor();
    const [uploadedKey] = await keysOfUploads();

    // Leaving without organizing says what becomes of the upload before the list is cleared.
    await main().getByRole('button', { name: 'Clear list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clear the list without organizing?' });
    await dialog.getByText('1 photo was uploaded but not organized.').waitFor();
    await dialog.getByRole('button', { name: 'Clear list' }).click();
    await main().getByText('Drag photos here').waitFor();

    // Once the library has read it, the same file dropped again is known and goes to the organizer.
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('momentarium.session')).token);
    await waitUntilKnown(token, lone);
    requests = [];
    await page.locator('#file-input').setInputFiles(lone);
    await main()
      .getByText('Already in your library (not in an album yet: organized with this batch)')
      .waitFor();
    await main().getByRole('button', { name: 'Organize 1 photo' }).click();
    await page.locator('[data-job-status="completed"]').waitFor({ timeout: 60_000 });
    expect(puts()).toEqual([]);
    const start = requests.find((request) => request.url().endsWith('/api/galleries/process'));
    expect(start?.postDataJSON().imageKeys).toEqual([uploadedKey]);
  }, 120_000);

  /** The keys the server issued for the uploads seen so far. */
  async function keysOfUploads(): Promise<string[]> {
    const keys: string[] = [];
    for (const request of urlRequests()) {
      const answer = await (await request.response())?.json();
      for (const upload of answer?.uploads ?? []) keys.push(upload.key);
    }
    return keys;
  }

  /** Asks as a client would until the server knows the file (ingest has read it). */
  async function waitUntilKnown(token: string, path: string) {
    const bytes = await readFile(path);
    const file = {
      name: 'probe.jpg',
      contentType: 'image/jpeg',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    for (let attempt = 0; attempt < 100; attempt++) {
      const { body } = await harness.api('/api/uploads/generate-urls', { token, body: { files: [file] } });
      if (body.uploads?.[0]?.status === 'duplicate') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the library never took in the uploaded file');
  }
});
