/**
 * Live progress in the web app (Chromium, the local app with its AppSync Events stand-in): photos and
 * the job are followed through the events connection with no status polling, another user's tab
 * hears none of it, and with the events server gone the page polls again and still finishes.
 */
import type { Page, Request, WebSocket } from 'playwright-core';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
  seriousAccessibilityViolations,
} from './support/browser.ts';
import { type PhotoFiles, writePortoWeekend } from './support/photo-files.ts';

let harness: Harness;
let browser: RunningBrowser;
let photos: PhotoFiles;
let laterPhotos: PhotoFiles | undefined;

const STATUS_READ = /\/api\/jobs\/[^/]+\/status$/;

/** Every frame the page's events connection received, parsed. */
function recordFrames(page: Page): Record<string, unknown>[] {
  const frames: Record<string, unknown>[] = [];
  page.on('websocket', (socket: WebSocket) => {
    socket.on('framereceived', ({ payload }) => frames.push(JSON.parse(String(payload))));
  });
  return frames;
}

function recordStatusReads(page: Page): string[] {
  const reads: string[] = [];
  page.on('request', (request: Request) => {
    if (STATUS_READ.test(new URL(request.url()).pathname)) reads.push(request.url());
  });
  return reads;
}

async function signIn(page: Page, username: string) {
  await page.goto(harness.app.url);
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
}

async function uploadAndOrganize(page: Page, files: PhotoFiles) {
  await page.locator('#file-input').setInputFiles(files.paths);
  await page.getByText(`${files.paths.length} of ${files.paths.length} photos uploaded`).waitFor();
  await page.getByRole('button', { name: `Organize ${files.paths.length} photos` }).click();
  await page.locator('[data-job-status="completed"]').waitFor({ timeout: 90_000 });
}

const dataEvents = (frames: Record<string, unknown>[]) =>
  frames.filter((frame) => frame.type === 'data').map((frame) => JSON.parse(frame.event as string));

describeInBrowser('live progress', () => {
  beforeAll(async () => {
    [harness, browser, photos] = await Promise.all([startHarness(), launchBrowser(), writePortoWeekend(7)]);
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await photos?.remove();
    await laterPhotos?.remove();
  });

  it('follows photos and the job through events, with no status polling; another user hears nothing', async () => {
    const page = browser.page;
    const frames = recordFrames(page);
    const reads = recordStatusReads(page);
    await signIn(page, 'lena');
    await page.locator('html[data-live-progress="up"]').waitFor();

    // Another user in another tab (sessions are per tab), following their own channel.
    const other = await browser.context.newPage();
    const otherFrames = recordFrames(other);
    await signIn(other, 'milo');
    await other.locator('html[data-live-progress="up"]').waitFor();

    await page.bringToFront();
    await uploadAndOrganize(page, photos);

    const events = dataEvents(frames);
    // Each photo was reported as ingest read it, and the rows said so.
    const ready = events.filter((event) => event.type === 'photo' && event.status === 'ready');
    expect(new Set(ready.map((event) => event.key)).size).toBe(photos.paths.length);
    await page.getByText('Uploaded and read: ready to organize').first().waitFor();
    // The job's stages arrived in order, ending completed.
    const stages = events.filter((event) => event.type === 'job').map((event) => event.stage);
    expect(stages.filter((stage) => stage !== 'waiting-for-photos')).toEqual([
      'asking-the-model',
      'saving',
      'completed',
    ]);
    // No polling while connected: one read of the final status body, at most.
    expect(reads.length).toBeLessThanOrEqual(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Milo's connection was up all along and received none of Lena's events.
    expect(otherFrames.some((frame) => frame.type === 'subscribe_success')).toBe(true);
    expect(otherFrames.filter((frame) => frame.type === 'data')).toEqual([]);
    await other.close();
  });

  it('polls the job’s status again when the events server cannot be reached, and still finishes', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'Upload more photos' }).click();
    await harness.app.events?.stop();
    await page.locator('html[data-live-progress="down"]').waitFor();
    const reads = recordStatusReads(page);
    laterPhotos = await writePortoWeekend(8);
    await uploadAndOrganize(page, laterPhotos);
    expect(reads.length).toBeGreaterThan(1);
  });
});
