/**
 * Hashing in the browser: Chromium computes the SHA-256 of 100 photos of 12 MP JPEG size (written at
 * bench time from the bench's photo-like corpus, never committed) the way the upload screen does —
 * web/js/file-hasher.js, a module worker, two files at a time — while the page's own thread is
 * watched: long tasks (the browser's ≥ 50 ms report) and the longest gap between two 5 ms ticks of a
 * timer (what a user would feel). For contrast the same files are hashed on the page's thread, and
 * then uploaded through the upload screen to the local app (hashing again, URL requests, PUTs to the
 * local S3, ingest running meanwhile), so hashing's cost reads as a share of the upload it guards.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHarness } from '../../test/support/local-app-harness.ts';
import type { WebHashingFigures, WebHashingRun } from '../results.ts';
import { onCleanup } from '../support/cleanup.ts';
import type { BenchContext } from '../support/context.ts';
import { photoCorpus } from '../support/photos.ts';
import { median, round } from '../support/stats.ts';

/** Globals of the page, used only inside callbacks that run there (the bench compiles without the DOM lib). */
declare const document: any;
declare const window: any;
declare const performance: any;
declare const crypto: any;

/** Debian's Chromium, as the browser tests use it (test/browser/support/browser.ts needs Jest's globals). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium as the bench drives it (also groups/web-scroll.ts). */
export async function launchChromium() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'momentarium-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

const FILES = 100;
const QUICK_FILES = 30;

/** Runs in the page: hashes every picked file and watches the page's thread meanwhile. */
async function hashInPage(how: 'worker' | 'page'): Promise<{
  totalMs: number;
  longTasks: number[];
  longestGapMs: number;
  hashes: number;
}> {
  const files: any[] = [...document.getElementById('bench-files').files];
  const longTasks: number[] = [];
  const observer = new window.PerformanceObserver((list: any) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  let last = performance.now();
  let longestGapMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 5);
  const digestHere = async (file: any) => {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    return new Uint8Array(digest).length;
  };
  const started = performance.now();
  let hashes: unknown[];
  if (how === 'worker') {
    const { hashFile } = await import(`${window.location.origin}/js/file-hasher.js`);
    hashes = await Promise.all(files.map((file) => hashFile(file)));
  } else {
    // The same two-at-a-time pacing, on the page's own thread.
    hashes = [];
    for (let index = 0; index < files.length; index += 2)
      hashes.push(...(await Promise.all(files.slice(index, index + 2).map(digestHere))));
  }
  const totalMs = performance.now() - started;
  // One more tick, so a stall at the very end is counted too.
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(ticker);
  observer.disconnect();
  return { totalMs, longTasks, longestGapMs, hashes: hashes.filter(Boolean).length };
}

function run(
  measured: { totalMs: number; longTasks: number[]; longestGapMs: number },
  bytes: number,
  files: number,
): WebHashingRun {
  return {
    totalMs: round(measured.totalMs, 0),
    perFileMs: round(measured.totalMs / files, 1),
    mbPerSecond: round(bytes / 1e6 / (measured.totalMs / 1000), 0),
    longTasks: measured.longTasks.length,
    longestTaskMs: round(Math.max(0, ...measured.longTasks), 0),
    longestGapMs: round(measured.longestGapMs, 0),
  };
}

export async function measureBrowserHashing(ctx: BenchContext): Promise<WebHashingFigures> {
  const count = ctx.quick ? QUICK_FILES : FILES;
  const corpus = await photoCorpus();
  const dir = await mkdtemp(join(tmpdir(), 'momentarium-bench-hash-'));
  const forgetDir = onCleanup(() => rm(dir, { recursive: true, force: true }));
  const paths: string[] = [];
  const sizes: number[] = [];
  for (let index = 0; index < count; index++) {
    const bytes = await corpus.photo(index, count);
    const path = join(dir, `IMG_${String(index).padStart(4, '0')}.jpg`);
    await writeFile(path, bytes);
    paths.push(path);
    sizes.push(bytes.length);
  }
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  ctx.log(`web: hashing ${count} files of ${round(median(sizes) / 1e6, 1)} MB median in Chromium`);

  const harness = await startHarness({}, { visibilityTimeoutSeconds: 600 });
  const forgetHarness = onCleanup(() => harness.stop());
  const browser = await launchChromium();
  const forgetBrowser = onCleanup(() => browser.close());
  try {
    const page = browser.page;
    page.setDefaultTimeout(600_000);
    await page.goto(harness.app.url);
    await page.getByLabel('Username').fill('bench-hashing');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
    await page.goto(`${harness.app.url}/#/upload`);
    await page.getByRole('heading', { level: 1, name: 'Upload photos' }).waitFor();
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.id = 'bench-files';
      input.hidden = true;
      document.body.append(input);
    });
    await page.setInputFiles('#bench-files', paths);

    // The worker starts on the first file, as it does on a user's first drop: its start is counted.
    const inWorker = await page.evaluate(hashInPage, 'worker' as const);
    ctx.log(
      `web: worker ${round(inWorker.totalMs, 0)} ms, longest gap ${round(inWorker.longestGapMs, 0)} ms`,
    );
    const onPage = await page.evaluate(hashInPage, 'page' as const);
    ctx.log(
      `web: page thread ${round(onPage.totalMs, 0)} ms, longest gap ${round(onPage.longestGapMs, 0)} ms`,
    );
    if (inWorker.hashes !== count || onPage.hashes !== count) throw new Error('not every file was hashed');

    // The same files through the upload screen: hash, ask for URLs, PUT to the local S3. On a fresh
    // page: the runs above left hundreds of MB of buffers for the page's garbage collector.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Upload photos' }).waitFor();
    await page.evaluate(() => {
      window.uploadLongTasks = [];
      new window.PerformanceObserver((list: any) => {
        for (const entry of list.getEntries()) window.uploadLongTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    });
    const uploadStarted = Date.now();
    await page.locator('#file-input').setInputFiles(paths);
    await page
      .locator('main')
      .getByText(`${count} of ${count} photos uploaded`)
      .waitFor({ timeout: 900_000 });
    const uploadMs = Date.now() - uploadStarted;
    const uploadLongTasks: number[] = await page.evaluate(() => window.uploadLongTasks);
    ctx.log(`web: upload screen ${uploadMs} ms for ${count} files`);
    const agent: string = await page.evaluate(() => window.navigator.userAgent);
    const version = /Chrome\/([\d.]+)/.exec(agent)?.[1] ?? 'unknown';

    return {
      files: count,
      photoPixels: `${corpus.width}×${corpus.height}`,
      medianFileBytes: median(sizes),
      totalBytes,
      browser: `Chromium ${version} (headless)`,
      worker: run(inWorker, totalBytes, count),
      pageThread: run(onPage, totalBytes, count),
      upload: {
        totalMs: uploadMs,
        perFileMs: round(uploadMs / count, 1),
        mbPerSecond: round(totalBytes / 1e6 / (uploadMs / 1000), 0),
        longTasks: uploadLongTasks.length,
        longestTaskMs: round(Math.max(0, ...uploadLongTasks), 0),
      },
      hashShareOfUpload: round(inWorker.totalMs / uploadMs, 3),
    };
  } finally {
    await browser.close();
    forgetBrowser();
    await harness.stop();
    forgetHarness();
    await rm(dir, { recursive: true, force: true });
    forgetDir();
  }
}
