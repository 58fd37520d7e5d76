/**
 * The photo-first screens in a real browser: albums newest first under year headers, each card with
 * its date span and place; the library as a timeline with month headers and a date scrubber of years
 * and months with their counts that jumps (by mouse and keyboard) to months not loaded yet and stays
 * whole when later pages (which carry no months) load; no file names in any grid; axe finds nothing
 * at desktop (1280×800) and phone (390×844) sizes, the viewer's info panel included.
 */
import type { Page, Request } from 'playwright-core';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { type SeedPhoto, seedReadyPhotos } from '../support/seed-photos.ts';
import {
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
  screenshot,
  seriousAccessibilityViolations,
} from './support/browser.ts';

declare const document: any;

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let token: string;
const requests: Request[] = [];

const LISBON = { city: 'Lisbon', country: 'Portugal' };
const PORTO = { city: 'Porto', country: 'Portugal' };
const SHAPES = [
  [4000, 3000],
  [3000, 4000],
  [1600, 900],
] as const;
const at = (iso: string, index: number, place?: SeedPhoto['place']): SeedPhoto => {
  const [width, height] = SHAPES[index % SHAPES.length] as readonly [number, number];
  return { takenAt: new Date(iso), width, height, ...(place ? { place } : {}) };
};

/** Greta's library: three albums of her own and 72 loose photos of 2024, six a month. */
async function prepare() {
  const signedIn = await harness.signIn('greta');
  token = signedIn.token;
  const { app } = harness;
  const lisbon = ['2025-08-10T10:00:00Z', '2025-08-11T12:00:00Z', '2025-08-12T18:00:00Z'];
  await seedReadyPhotos(
    app,
    signedIn.userId,
    lisbon.map((iso, index) => at(iso, index, LISBON)),
    { albumTitle: 'Summer in Lisbon' },
  );
  await seedReadyPhotos(
    app,
    signedIn.userId,
    ['2026-03-01T09:00:00Z', '2026-03-02T17:00:00Z'].map((iso, index) => at(iso, index, PORTO)),
    { albumTitle: 'March in Porto' },
  );
  await seedReadyPhotos(
    app,
    signedIn.userId,
    [0, 1].map(() => ({ takenAt: null, width: 1200, height: 900 })),
    { albumTitle: 'Old scans' },
  );
  const loose = Array.from({ length: 72 }, (_, index) => {
    const month = 12 - Math.floor(index / 6);
    const day = 1 + (index % 6) * 4;
    return at(`2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00Z`, index);
  });
  await seedReadyPhotos(app, signedIn.userId, loose);
}

const main = () => page.locator('main');

async function expectAccessibleAtBothSizes(name: string) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, `${name}-mobile`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, name);
}

describeInBrowser('the photo-first screens', () => {
  beforeAll(async () => {
    // No pollers: the seeded files must not go through ingest (test/support/seed-photos.ts).
    [harness, browser] = await Promise.all([startHarness({}, { background: false }), launchBrowser()]);
    page = browser.page;
    page.on('request', (request) => requests.push(request));
    await prepare();
    await page.goto(harness.app.url);
    await page.getByLabel('Username').fill('greta');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('orders albums newest first under year headers, each card with its date span and place', async () => {
    await main().locator('.album-card').first().waitFor();
    expect(await main().locator('h2.year-header').allTextContents()).toEqual(['2026', '2025', 'Undated']);
    expect(await main().locator('.album-card .album-title').allTextContents()).toEqual([
      'March in Porto',
      'Summer in Lisbon',
      'Old scans',
    ]);
    const when = (title: string) =>
      main().locator('.album-card', { hasText: title }).locator('.album-when').textContent();
    expect(await when('March in Porto')).toMatch(/^Mar 1\s*–\s*2, 2026 · Porto$/);
    expect(await when('Summer in Lisbon')).toMatch(/^Aug 10\s*–\s*12, 2025 · Lisbon$/);
    expect(await main().locator('.album-card', { hasText: 'Old scans' }).locator('.album-when').count()).toBe(
      0,
    );
    // Each card is in its year's section.
    await page
      .getByRole('region', { name: '2025' })
      .getByRole('link', { name: 'Summer in Lisbon' })
      .waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.album-card img')].every((image: any) => image.complete),
    );
    await expectAccessibleAtBothSizes('albums-by-year');
  });

  it('shows an album as a dense grid without file names, and the viewer with its info at both sizes', async () => {
    await main().getByRole('link', { name: 'Summer in Lisbon' }).click();
    await main().getByRole('heading', { level: 1, name: 'Summer in Lisbon' }).waitFor();
    expect(await main().locator('.album-when').textContent()).toMatch(
      /^Aug 10\s*–\s*12, 2025 · Lisbon, Portugal$/,
    );
    expect(await main().locator('.photo-grid').textContent()).not.toMatch(/seeded-|\.jpg|Options/);
    // Justified rows: tiles of one row share a height, and are as wide as their photos' shapes.
    const boxes = await main()
      .locator('li.photo-tile')
      .evaluateAll((tiles) => tiles.map((tile) => tile.getBoundingClientRect().toJSON()));
    expect(new Set(boxes.map((box: any) => Math.round(box.top))).size).toBe(1);
    expect(new Set(boxes.map((box: any) => Math.round(box.height))).size).toBe(1);
    expect(boxes[0].width / boxes[1].width).toBeCloseTo(4 / 3 / (3 / 4), 1);

    await main().locator('.photo-open').first().click();
    const info = page.locator('dialog.lightbox[open] .lightbox-info');
    await info.locator('dt', { hasText: 'Albums' }).waitFor();
    expect(await info.locator('dt').allTextContents()).toEqual([
      'Taken',
      'Place',
      'File name',
      'Size',
      'Albums',
    ]);
    expect(await info.locator('dd').allTextContents()).toEqual([
      expect.stringMatching(/August 10, 2025.*\(date from the camera\)$/),
      'Lisbon, Portugal',
      'seeded-0.jpg',
      expect.stringMatching(/ · 4000 × 3000 px$/),
      'Summer in Lisbon',
    ]);
    await expectAccessibleAtBothSizes('viewer-info');
    await page.keyboard.press('Escape');
    // Closing goes back past the viewer's history entry (viewer-history.js): let it land first.
    await page.locator('dialog.lightbox').waitFor({ state: 'detached' });
    await page.waitForFunction(() => !document.location.hash.includes('?photo='));
  });

  it('shows the library as a timeline with a header per month', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await main().getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await main().locator('h2.month-header').first().waitFor();
    const { months } = (await harness.api('/api/images?limit=1', { token })).body;
    const name = (month: string) =>
      new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
    // The undated scans sit at their upload month, the newest; then the dated photos, newest taken first.
    expect(months.slice(0, 4).map((entry: any) => entry.month)).toEqual([
      months[0].month,
      '2026-03',
      '2025-08',
      '2024-12',
    ]);
    const headers = await main().locator('h2.month-header').allTextContents();
    expect(headers.slice(0, 4)).toEqual(months.slice(0, 4).map((entry: any) => name(entry.month)));
    // The first page (60 photos) stops before January 2024.
    expect(headers).not.toContain('January 2024');
    expect(await main().locator('.timeline').textContent()).not.toMatch(/seeded-|\.jpg/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.timeline img')].slice(0, 12).every((image: any) => image.complete),
    );
    await expectAccessibleAtBothSizes('library-timeline');
  });

  it('jumps with the scrubber to a month not loaded yet, by mouse and by keyboard', async () => {
    const scrubber = page.getByRole('navigation', { name: 'Jump to a month' });
    await scrubber.getByRole('button', { name: 'January 2024, 6 photos' }).click();
    const january = main().getByRole('heading', { level: 2, name: 'January 2024' });
    await january.waitFor();
    expect(await january.evaluate((heading: any) => heading === document.activeElement)).toBe(true);
    expect(
      requests.some(
        (request) => request.url().includes('/api/images?') && request.url().includes('before=2024-01'),
      ),
    ).toBe(true);
    expect(await main().locator('section.timeline-month[data-month="2024-01"] li.photo-tile').count()).toBe(
      6,
    );
    await main().getByRole('button', { name: 'Show newer photos' }).waitFor();

    // Keyboard: every month is a button in the tab order; Enter jumps.
    const august = scrubber.getByRole('button', { name: 'August 2025, 3 photos' });
    await august.focus();
    await page.keyboard.press('Enter');
    const heading = main().getByRole('heading', { level: 2, name: 'August 2025' });
    await heading.waitFor();
    expect(await heading.evaluate((element: any) => element === document.activeElement)).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows each year and month with its count, and keeps the scrubber whole after Load more', async () => {
    const scrubber = page.getByRole('navigation', { name: 'Jump to a month' });
    // The years newest first (the undated scans sit at their upload month, this year).
    const years = await scrubber
      .locator('.scrubber-year-label')
      .evaluateAll((labels) => labels.map((label: any) => label.firstChild.textContent));
    expect(years.slice(-3)).toEqual(['2026', '2025', '2024']);
    const count = (name: string) =>
      scrubber.getByRole('button', { name }).locator('.scrubber-count').textContent();
    expect(await count('January 2024, 6 photos')).toBe('6');
    expect(
      await scrubber
        .locator('.scrubber-year', { hasText: '2024' })
        .locator('.scrubber-count')
        .first()
        .textContent(),
    ).toBe('72');
    const monthsBefore = await scrubber.getByRole('button').count();

    // From August 2025 on (the jump above) there are 75 photos: a second page, asked for by cursor,
    // which leaves the months out; the scrubber still lists them all.
    const more = page.waitForResponse(
      (response) => response.url().includes('/api/images?') && response.url().includes('cursor='),
    );
    await main().getByRole('button', { name: 'Load more photos' }).click();
    const second = await (await more).json();
    expect(second).not.toHaveProperty('months');
    await main().locator('section.timeline-month[data-month="2024-01"]').waitFor();
    expect(await scrubber.getByRole('button').count()).toBe(monthsBefore);
    await scrubber.getByRole('button', { name: 'March 2026, 2 photos' }).waitFor();
  });

  it('raised no console errors', () => {
    expect(browser.problems).toEqual([]);
  });
});
