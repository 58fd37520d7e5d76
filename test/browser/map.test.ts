/**
 * The Map screen (issue 18) in a real browser: photos with GPS in their EXIF become markers with their
 * counts on a world map the site serves itself; markers too close to tell apart share one, which zooms
 * in when opened; a town's marker opens the search for that town. Every request the map makes goes to
 * the app's own origin: no tile server, no third-party map.
 */
import type { Page, Request } from 'playwright-core';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  accessibilityViolations,
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
} from './support/browser.ts';
import { organizedLibrary, signInOnPage } from './support/signed-in.ts';
import { tileNames } from './support/tiles.ts';

const PORTO = { latitude: 41.1496, longitude: -8.6109 };
const LISBON = { latitude: 38.7223, longitude: -9.1393 };
const TOKYO = { latitude: 35.6586, longitude: 139.7454 };

/** Six photos, each its own colour (the same bytes twice would be refused as a duplicate). */
async function photos() {
  const shots: [string, { latitude: number; longitude: number }, string][] = [
    ['ribeira.jpg', PORTO, '#2a6f97'],
    ['cellars.jpg', { latitude: 41.1405, longitude: -8.6125 }, '#7a5230'],
    ['belem.jpg', LISBON, '#c0392b'],
    ['shibuya.jpg', TOKYO, '#16a085'],
    ['asakusa.jpg', { latitude: 35.7148, longitude: 139.7967 }, '#8e44ad'],
    ['ueno.jpg', { latitude: 35.7141, longitude: 139.7774 }, '#d35400'],
  ];
  return Promise.all(
    shots.map(async ([name, gps, color]) => ({
      name,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 640,
        height: 480,
        gps,
        color,
        takenAt: new Date('2026-05-02T10:00:00Z'),
      }),
    })),
  );
}

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
const requests: Request[] = [];

const main = () => page.locator('main');
const map = () => page.getByRole('region', { name: /^World map/ });
const marker = (name: RegExp) => map().getByRole('link', { name }).or(map().getByRole('button', { name }));

async function openMap() {
  await page.getByRole('link', { name: 'Albums', exact: true }).click();
  await main().getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  await main().getByRole('heading', { level: 1, name: 'Map' }).waitFor();
}

describeInBrowser('map', () => {
  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    page = browser.page;
    page.on('request', (request) => requests.push(request));
    await signInOnPage(page, harness, 'marta');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('says so when no photo has a place yet', async () => {
    await openMap();
    await main().getByText('No photo has a place yet.', { exact: false }).waitFor();
    expect(await main().getByRole('link', { name: 'Upload photos' }).getAttribute('href')).toBe('#/upload');
    expect(await map().count()).toBe(0);
  });

  it('shows the photos’ places with their counts, merges close ones, and a town opens its search', async () => {
    const { ids } = await organizedLibrary(harness, 'marta', await photos());
    const names = new Map([...ids].map(([name, id]) => [id, name]));
    const origin = new URL(harness.app.url).origin;
    // The map on a fresh page, so its every request (module, styles, outlines, places) is seen.
    await page.goto(`${harness.app.url}/#/map`);
    const firstRequest = requests.length;
    await page.reload();
    await map().waitFor();

    // Tokyo's three photos; Porto (two) and Lisbon (one) are a few pixels apart on a world map: one marker.
    const tokyo = marker(/^Tokyo, Japan: 3 photos$/);
    expect(await tokyo.textContent()).toBe('3');
    expect(await tokyo.getAttribute('href')).toBe('#/search?country=Japan&town=Tokyo');
    const portugal = map().getByRole('button', {
      name: /^2 places, 3 photos: Porto, Portugal and Lisbon, Portugal/,
    });
    expect(await portugal.textContent()).toBe('3');
    // The same in text, each place a link to its search.
    const list = main().getByRole('region', { name: /^Places/ });
    expect(await list.getByRole('listitem').allTextContents()).toEqual([
      'Tokyo, Japan 3 photos',
      'Porto, Portugal 2 photos',
      'Lisbon, Portugal 1 photo',
    ]);
    expect(await list.getByRole('link', { name: 'Lisbon, Portugal' }).getAttribute('href')).toBe(
      '#/search?country=Portugal&town=Lisbon',
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    // By keyboard: the shared marker zooms in until Porto and Lisbon part, and keeps focus on Porto.
    await portugal.focus();
    await page.keyboard.press('Enter');
    const porto = marker(/^Porto, Portugal: 2 photos$/);
    await porto.waitFor();
    expect(await porto.textContent()).toBe('2');
    expect(await marker(/^Lisbon, Portugal: 1 photo$/).textContent()).toBe('1');
    expect(await porto.evaluate((element) => element === (element as any).ownerDocument.activeElement)).toBe(
      true,
    );
    expect(await page.getByRole('button', { name: 'Zoom out' }).isEnabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Every request since the map was opened stayed on the app's own origin.
    const mapRequests = requests.slice(firstRequest).map((request) => request.url());
    for (const path of ['/js/map-view.js', '/map.css', '/map/world.json', '/api/search/filters']) {
      expect(mapRequests.some((url) => new URL(url).pathname === path)).toBe(true);
    }
    expect(mapRequests.filter((url) => new URL(url).origin !== origin)).toEqual([]);

    await porto.click();
    await page.waitForURL((url) => url.hash.startsWith('#/search'));
    const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(Object.fromEntries(params)).toEqual({ country: 'Portugal', town: 'Porto' });
    // The search screen lists Porto's two photos and nothing else.
    await main().getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    const tiles = main().locator('li.photo-tile');
    await tiles.nth(1).waitFor();
    expect((await tileNames(tiles, names)).sort()).toEqual(['cellars.jpg', 'ribeira.jpg']);
    expect(browser.problems).toEqual([]);
  });

  it('zooms with its buttons and the keyboard, and comes back to the whole world', async () => {
    await openMap();
    await map().waitFor();
    const zoomIn = page.getByRole('button', { name: 'Zoom in' });
    const zoomOut = page.getByRole('button', { name: 'Zoom out' });
    const whole = page.getByRole('button', { name: 'Whole world' });
    expect(await zoomOut.isDisabled()).toBe(true);
    const viewBox = () => map().locator('svg').getAttribute('viewBox');
    const world = await viewBox();
    await zoomIn.click();
    expect(await zoomOut.isEnabled()).toBe(true);
    const zoomed = await viewBox();
    expect(zoomed).not.toBe(world);
    await map().focus();
    await page.keyboard.press('ArrowLeft');
    expect(await viewBox()).not.toBe(zoomed);
    await page.keyboard.press('+');
    expect(Number((await viewBox())?.split(' ')[2])).toBeCloseTo(Number(world?.split(' ')[2]) / 4);
    await whole.click();
    expect(await viewBox()).toBe(world);
    expect(await zoomOut.isDisabled()).toBe(true);
    // The pressed button is now out of use: focus moved to one that works, not to the page.
    expect(await page.locator(':focus').textContent()).toBe('Zoom in');
    expect(browser.problems).toEqual([]);
  });
});
