/**
 * Debian's Chromium driven by playwright-core (playwright cannot download its own browser here).
 * A missing browser FAILS the suite; only SKIP_BROWSER_TESTS=1 skips it, and only on purpose.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `describe`, or `describe.skip` when SKIP_BROWSER_TESTS=1 says so explicitly. */
export const describeInBrowser: jest.Describe =
  process.env.SKIP_BROWSER_TESTS === '1' ? describe.skip : describe;

/**
 * The README's screenshots are refreshed only on request (UPDATE_SCREENSHOTS=1), so an ordinary test
 * run never changes files in the repository; otherwise they go to a temporary folder.
 */
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots')
    : join(tmpdir(), 'momentarium-screenshots');

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen so far: the app should produce none. */
  problems: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<RunningBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install it (apt-get install -y chromium) or set ` +
        'SKIP_BROWSER_TESTS=1 to skip the browser tests on purpose.',
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'momentarium-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Nothing may leave the machine: any host but loopback fails to resolve.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.setDefaultTimeout(15_000);
  page.on('console', (message) => {
    // Locally there is no /config.json on purpose: its 404 is how the app knows to use local sign-in.
    if (message.type() !== 'error' || message.location().url.endsWith('/config.json')) return;
    problems.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Serious and critical accessibility violations on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  return accessibilityViolations(page, ['serious', 'critical']);
}

/** WCAG 2.1 A and AA violations on the page as it is now, of the given impacts (any, by default). */
export async function accessibilityViolations(page: Page, impacts?: string[]): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => !impacts || impacts.includes(violation.impact ?? ''))
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join('; ')})`,
    );
}

/** Saves <SCREENSHOT_DIR>/<name>.png, quantized to a palette so each stays well under 300 KB. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const raw = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await sharp(raw)
    .png({ palette: true, quality: 80, compressionLevel: 9, effort: 8 })
    .toFile(join(SCREENSHOT_DIR, `${name}.png`));
}
