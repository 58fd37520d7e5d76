/**
 * The viewer's info panel in a real browser: what EXIF kept (camera, lens, settings, the location
 * rounded to about 100 m, the size in pixels) and what organizing wrote (caption, tags), readable and
 * accessible; a tag and the town are links that close the viewer and open the search for them.
 */
import type { Page } from 'playwright-core';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
  seriousAccessibilityViolations,
} from './support/browser.ts';
import { organizedLibrary, signInOnPage } from './support/signed-in.ts';
import { openInViewer, tileOf, viewerFact } from './support/tiles.ts';

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let photoId: string;

const main = () => page.locator('main');

async function openPhotoFromLibrary() {
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await tileOf(main(), photoId).waitFor();
  await openInViewer(main(), page, photoId);
  // The settings come with the API's answer, after the facts the grid already had.
  await viewerFact(page, 'Settings').waitFor();
}

describeInBrowser('the info panel', () => {
  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    page = browser.page;
    const bytes = await makeJpeg({
      width: 4032,
      height: 3024,
      color: '#4a6d8c',
      takenAt: new Date(Date.UTC(2026, 4, 2, 10, 0)),
      // Seven decimals in the file: the panel shows only what the server kept.
      gps: { latitude: 41.1496377, longitude: -8.6109444 },
      camera: { make: 'Apple', model: 'iPhone 15 Pro' },
      exifIfd: {
        ExposureTime: '1/250',
        FNumber: '178/100',
        ISOSpeedRatings: '100',
        FocalLength: '686/100',
        LensMake: 'Apple',
        LensModel: 'iPhone 15 Pro back triple camera 6.86mm f/1.78',
      },
    });
    const library = await organizedLibrary(harness, 'vera', [
      { name: 'IMG_0001.JPG', contentType: 'image/jpeg', bytes },
    ]);
    photoId = library.ids.get('IMG_0001.JPG') as string;
    // What the organizing call writes (captions are another part of the issue).
    await harness.app.http.db
      .updateTable('images')
      .set({
        caption: 'Blue morning over the river',
        tags: ['river', 'old town'],
        description_source: 'model',
      })
      .where('id', '=', photoId)
      .execute();
    await signInOnPage(page, harness, 'vera');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('shows the camera, lens, settings, rounded location, pixels, caption and tags', async () => {
    await openPhotoFromLibrary();
    expect(await viewerFact(page, 'Caption').textContent()).toBe('Blue morning over the river');
    expect(await viewerFact(page, 'Tags').textContent()).toBe('river, old town');
    expect(await viewerFact(page, 'Place').textContent()).toBe('Porto, Portugal');
    expect(await viewerFact(page, 'Location').textContent()).toBe(
      '41.150° N, 8.611° W (rounded to about 100 m)',
    );
    expect(await viewerFact(page, 'Camera').textContent()).toBe('Apple iPhone 15 Pro');
    expect(await viewerFact(page, 'Lens').textContent()).toBe(
      'iPhone 15 Pro back triple camera 6.86mm f/1.78',
    );
    expect(await viewerFact(page, 'Settings').textContent()).toBe('1/250 s · f/1.8 · ISO 100 · 6.9 mm');
    expect(await viewerFact(page, 'Size').textContent()).toMatch(/ · 4032 × 3024 px$/);
    expect(await page.locator('.lightbox-info').textContent()).not.toMatch(/41\.1496|8\.6109/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('opens the search for a tag, closing the viewer', async () => {
    await viewerFact(page, 'Tags').getByRole('link', { name: 'old town' }).click();
    await main().getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    await page.locator('dialog.lightbox').waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).toBe('#/search?q=old+town');
  });

  it('opens the search for the town, which finds the photo', async () => {
    await openPhotoFromLibrary();
    await viewerFact(page, 'Place').getByRole('link', { name: 'Porto' }).click();
    await main().getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    await page.locator('dialog.lightbox').waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).toBe('#/search?country=Portugal&town=Porto');
    await tileOf(main(), photoId).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
