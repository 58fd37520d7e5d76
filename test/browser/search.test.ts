/**
 * Finding photos in a real browser, against the real search API: the header's search box (and its /
 * shortcut) opens the search screen; a filter chip narrows the results, removing it widens them again,
 * and Back steps through the searches (the address is the search); the map's and People's links
 * (#/search?country=…&town=…) open their results with readable chips; photos selected among the
 * results go to an album and to the Trash with the library's bulk actions; axe finds nothing at
 * desktop and phone sizes.
 */
import type { Page } from 'playwright-core';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
  screenshot,
  seriousAccessibilityViolations,
} from './support/browser.ts';
import { organizedLibrary, signInOnPage } from './support/signed-in.ts';
import { tileNames } from './support/tiles.ts';

declare const document: any;

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let token: string;
let favouritesId: string;
const names = new Map<string, string>();

const LISBON = { latitude: 38.7223, longitude: -9.1393 };
const PORTO = { latitude: 41.1496, longitude: -8.6109 };
const CANON = { make: 'Canon', model: 'Canon EOS R6' };
const FUJI = { make: 'FUJIFILM', model: 'X100V' };

/** Sofia's week in Portugal and a photo of her garden: places from EXIF GPS, cameras from EXIF. */
const PHOTOS = [
  { name: 'tram.jpg', gps: LISBON, camera: CANON, day: '2026-05-03', color: '#c0392b' },
  { name: 'castle.jpg', gps: LISBON, camera: FUJI, day: '2026-05-04', color: '#2980b9' },
  { name: 'alfama.jpg', gps: LISBON, camera: CANON, day: '2026-05-05', color: '#27ae60' },
  { name: 'bridge.jpg', gps: PORTO, camera: CANON, day: '2026-05-09', color: '#8e44ad' },
  { name: 'garden.jpg', gps: null, camera: FUJI, day: '2026-04-01', color: '#f39c12' },
];

async function prepare() {
  const files = await Promise.all(
    PHOTOS.map(async (photo) => ({
      name: photo.name,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 320,
        height: 240,
        color: photo.color,
        takenAt: new Date(`${photo.day}T12:00:00Z`),
        camera: photo.camera,
        ...(photo.gps ? { gps: photo.gps } : {}),
      }),
    })),
  );
  const library = await organizedLibrary(harness, 'sofia', files);
  token = library.token;
  for (const [name, id] of library.ids) names.set(id, name);
  favouritesId = (await harness.api('/api/albums', { token, body: { title: 'Favourites' } })).body.id;
}

const main = () => page.locator('main');
const shown = async () => (await tileNames(main().locator('li.photo-tile'), names)).sort();
/** What the API finds for `query`, by file name: the page must show the same. */
async function found(query: string): Promise<string[]> {
  const { status, body } = await harness.api(`/api/search?${query}`, { token });
  expect(status).toBe(200);
  return body.photos.map((photo: any) => names.get(photo.id) ?? photo.originalFilename).sort();
}
const chip = (label: string) => main().getByRole('button', { name: `Remove filter: ${label}` });
const hashQuery = () => page.evaluate(() => document.location.hash);

async function waitForResults(count: number) {
  await main()
    .locator('.result-count', { hasText: `${count} photo${count === 1 ? '' : 's'} found.` })
    .waitFor();
}

async function expectAccessibleAtBothSizes(name: string) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, `${name}-mobile`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, name);
}

describeInBrowser('finding photos', () => {
  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    page = browser.page;
    await prepare();
    await signInOnPage(page, harness, 'sofia');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('finds photos by a word typed in the header, after / moves there', async () => {
    await main().getByRole('heading', { level: 1 }).focus();
    await page.keyboard.press('/');
    const box = page.getByRole('search').getByLabel('Search your photos');
    expect(await box.evaluate((input: any) => input === document.activeElement)).toBe(true);
    // Escape clears what was typed.
    await page.keyboard.type('porto');
    await page.keyboard.press('Escape');
    expect(await box.inputValue()).toBe('');

    await page.keyboard.type('Lisbon');
    await page.keyboard.press('Enter');
    await main().getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    expect(await hashQuery()).toBe('#/search?q=Lisbon');
    const lisbon = await found('q=Lisbon');
    // The town the GPS names; not the photo that carries no place.
    expect(lisbon).toEqual(expect.arrayContaining(['alfama.jpg', 'castle.jpg', 'tram.jpg']));
    expect(lisbon).not.toContain('garden.jpg');
    await waitForResults(lisbon.length);
    expect(await shown()).toEqual(lisbon);
    await chip('“Lisbon”').waitFor();
    // The count is said to screen readers too.
    await page
      .locator('#announcer', { hasText: `${lisbon.length} photos found.` })
      .waitFor({ state: 'attached' });
    // The box says what is searched.
    expect(await box.inputValue()).toBe('Lisbon');
  });

  it('narrows with a camera chip, widens when it is removed, and Back steps through the searches', async () => {
    const lisbon = await found('q=Lisbon');
    await main().getByText('Add filter').click();
    const camera = main().getByLabel('Camera');
    await camera.selectOption({ label: 'Canon EOS R6 (3 photos)' });
    await main().getByRole('button', { name: 'Apply' }).click();
    await chip('Canon EOS R6').waitFor();
    expect(await hashQuery()).toBe('#/search?q=Lisbon&make=Canon&model=EOS+R6');
    const narrowed = await found('q=Lisbon&make=Canon&model=EOS+R6');
    expect(narrowed).toEqual(['alfama.jpg', 'tram.jpg']);
    await waitForResults(2);
    expect(await shown()).toEqual(narrowed);
    // Focus stays among the filters, on the first chip's button.
    expect(await chip('“Lisbon”').evaluate((button: any) => button === document.activeElement)).toBe(true);
    await expectAccessibleAtBothSizes('search');

    await chip('Canon EOS R6').click();
    await waitForResults(lisbon.length);
    expect(await shown()).toEqual(lisbon);
    expect(await chip('Canon EOS R6').count()).toBe(0);

    // Back: the camera filter again, as the address said.
    await page.goBack();
    await chip('Canon EOS R6').waitFor();
    await waitForResults(2);
    expect(await shown()).toEqual(narrowed);
    await page.goForward();
    await waitForResults(lisbon.length);
  });

  it('opens a link from the map or People with readable chips, and says when nothing matches', async () => {
    await page.goto(`${harness.app.url}/#/search?country=Portugal&town=Porto`);
    await chip('Porto, Portugal').waitFor();
    await waitForResults(1);
    expect(await shown()).toEqual(['bridge.jpg']);

    await page.goto(`${harness.app.url}/#/search?from=2026-05-03&to=2026-05-04&album=none`);
    await chip('In no album').waitFor();
    // However the browser's language writes the range, both days are in it.
    const dates = await main().locator('.chip').first().textContent();
    expect(dates).toMatch(/3.*4.*2026/);
    expect(await shown()).toEqual(await found('from=2026-05-03&to=2026-05-04&album=none'));

    await page.goto(`${harness.app.url}/#/search?q=zanzibar&town=Porto`);
    await main()
      .getByRole('heading', { level: 2, name: 'No photos match “zanzibar” with these filters' })
      .waitFor();
    await main().getByRole('button', { name: 'Keep the words, remove the filters' }).click();
    await main()
      .getByRole('heading', { level: 2, name: 'No photos match “zanzibar”', exact: true })
      .waitFor();
    expect(await hashQuery()).toBe('#/search?q=zanzibar');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('adds two results to an album and moves one to the Trash with the bulk actions', async () => {
    await page.goto(`${harness.app.url}/#/search?q=Lisbon`);
    const lisbon = await found('q=Lisbon');
    await waitForResults(lisbon.length);
    const idOf = (name: string) => [...names].find(([, candidate]) => candidate === name)?.[0] as string;
    const tile = (name: string) => main().locator(`li.photo-tile[data-photo-id="${idOf(name)}"] .photo-open`);

    await main().getByRole('button', { name: 'Select', exact: true }).click();
    await tile('tram.jpg').click();
    await tile('castle.jpg').click();
    await main().getByText('2 photos selected').waitFor();
    await main().getByRole('button', { name: 'Add to album…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add 2 photos to…' });
    await dialog.getByLabel('Album').selectOption({ label: 'Favourites' });
    await dialog.getByRole('button', { name: 'Add' }).click();
    await main().getByText('Added 2 photos to “Favourites”.').waitFor();
    const gallery = (await harness.api('/api/galleries/me', { token })).body;
    const favourites = gallery.albums.find((album: any) => album.id === favouritesId);
    expect(favourites.images.map((image: any) => image.originalFilename).sort()).toEqual([
      'castle.jpg',
      'tram.jpg',
    ]);

    await main().getByRole('button', { name: 'Select', exact: true }).click();
    await tile('alfama.jpg').click();
    await main().getByRole('button', { name: 'Move to Trash' }).click();
    const confirm = page.getByRole('dialog', { name: 'Move 1 photo to the Trash?' });
    await confirm.getByRole('button', { name: 'Move to Trash' }).click();
    await main().getByText('Moved 1 photo to the Trash.').waitFor();
    await waitForResults(lisbon.length - 1);
    expect(await shown()).toEqual(lisbon.filter((name) => name !== 'alfama.jpg'));
    expect(await found('q=Lisbon')).not.toContain('alfama.jpg');
  });

  it('raised no console errors', () => {
    expect(browser.problems).toEqual([]);
  });
});
