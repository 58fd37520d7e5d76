/**
 * The README's before/after picture of the offline organizer: the labelled roll of the album bench
 * (bench/support/labelled-roll.ts), uploaded and organized offline through the web app in Chromium by
 * the app as it was before issue #14 (a git worktree at BEFORE_COMMIT, sharing node_modules) and as it
 * is now; each albums page is saved as docs/screenshots/albums-before-14.png and -after-14.png.
 *
 *   node bench/album-screenshots.ts
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { quietLogger } from '../lambdas/composition/logging.ts';
import { freePort } from '../lambdas/local-runtime/free-port.ts';
import type { startLocalApp as StartLocalApp } from '../lambdas/local-runtime/local-app.ts';
import { BEFORE_COMMIT } from './groups/albums.ts';
import { buildRoll } from './support/labelled-roll.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCREENSHOTS = join(ROOT, 'docs/screenshots');

const log = (message: string) => console.log(message);
const { files } = await buildRoll(log);
const folder = await mkdtemp(join(tmpdir(), 'momentarium-roll-'));
const paths: string[] = [];
for (const file of files) {
  const path = join(folder, file.name);
  await writeFile(path, file.bytes);
  paths.push(path);
}

const before = join(tmpdir(), 'momentarium-before-14');
if (!existsSync(before)) {
  await run('git', ['worktree', 'add', '--detach', before, BEFORE_COMMIT], { cwd: ROOT });
  await symlink(join(ROOT, 'node_modules'), join(before, 'node_modules'), 'dir');
}
try {
  await screenshotAlbums(before, 'albums-before-14');
  await screenshotAlbums(ROOT, 'albums-after-14');
} finally {
  await run('git', ['worktree', 'remove', '--force', before], { cwd: ROOT }).catch(() => undefined);
  await rm(folder, { recursive: true, force: true });
}

/** Runs the app of the checkout at `root`, organizes the roll there and saves its albums page. */
async function screenshotAlbums(root: string, name: string): Promise<void> {
  const { startLocalApp } = (await import(join(root, 'lambdas/local-runtime/local-app.ts'))) as {
    startLocalApp: typeof StartLocalApp;
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'momentarium-shots-'));
  const app = await startLocalApp({
    dataDir,
    // A real port: the local S3's CORS rules name the app's origin, which a browser uploads from.
    port: await freePort(),
    postgresPort: 0,
    persistent: false,
    logger: quietLogger,
    env: { LOCAL_JWT_SECRET: 'screenshots-secret-0123456789abcdef', ORGANIZER: 'offline' },
  });
  // Debian's Chromium, as the browser tests use it; nothing may leave the machine.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(app.url);
    await page.getByLabel('Username').fill('ana');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.locator('#file-input').setInputFiles(paths);
    await page
      .getByText(`${paths.length} of ${paths.length} photos uploaded`)
      .waitFor()
      .catch(async (error: unknown) => {
        const rejected = await page.locator('.rejected-files').allTextContents();
        const items = await page.locator('.upload-item').allTextContents();
        throw new Error(
          `uploads did not finish: ${JSON.stringify({ rejected, items: items.slice(0, 40) })}`,
          {
            cause: error,
          },
        );
      });
    await page.getByRole('button', { name: `Organize ${paths.length} photos` }).click();
    await page.getByRole('link', { name: 'See your albums' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
    // Every thumbnail loaded. A function, not a string: the app's CSP forbids eval in the page.
    await page.waitForFunction(() => {
      const images = (
        globalThis as unknown as {
          document: { images: Iterable<{ complete: boolean; naturalWidth: number }> };
        }
      ).document.images;
      return [...images].every((image) => image.complete && image.naturalWidth > 0);
    });
    const raw = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
    await mkdir(SCREENSHOTS, { recursive: true });
    await sharp(raw)
      .png({ palette: true, quality: 80, compressionLevel: 9, effort: 8 })
      .toFile(join(SCREENSHOTS, `${name}.png`));
    log(`wrote docs/screenshots/${name}.png (${root})`);
  } finally {
    await browser.close();
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
