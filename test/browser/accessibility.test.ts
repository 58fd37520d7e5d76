/**
 * Every screen, at a desktop size (1280×800) and a phone size (390×844), with axe: no violation of
 * WCAG 2.1 A/AA rules, whatever its impact. The screens hold real content — albums, a library, a photo
 * in the Trash, a pair of similar photos, a list of uploads waiting to be organized — since empty
 * screens hide most of what can go wrong. With UPDATE_SCREENSHOTS=1 the phone-size screens are
 * photographed for the README (docs/screenshots/phone-*.png; web-app.test.ts takes the desktop ones).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { makePhotoLikeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { seedPeople } from '../support/seed-people.ts';
import {
  accessibilityViolations,
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
  screenshot,
} from './support/browser.ts';
import { type PhotoFiles, writePortoWeekend } from './support/photo-files.ts';
import { organizedLibrary, signInOnPage } from './support/signed-in.ts';

/** Globals of the page, used only inside callbacks that run there (the tests compile without the DOM lib). */
declare const document: any;

// The phone first: its screenshots then show the library before the desktop run's upload joins it.
const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let weekend: PhotoFiles;
/** Other weekends' photos, one for each size: files already in the library would not wait to be organized. */
const toUpload: Record<string, PhotoFiles> = {};
let albumId: string;
/** Two of Ida's photos, for the People screen's made-up faces. */
let peoplePhotos: string[];

const main = () => page.locator('main');

/** Ida's Porto weekend and a harbour photo with a smaller re-saved copy, organized; one photo in the Trash. */
async function prepare() {
  const harbour = await makePhotoLikeJpeg(1600, 1200, 31);
  const files = [
    ...(await Promise.all(
      weekend.paths.map(async (path) => ({
        name: basename(path),
        contentType: path.endsWith('.png') ? 'image/png' : 'image/jpeg',
        bytes: await readFile(path),
      })),
    )),
    { name: 'harbour.jpg', contentType: 'image/jpeg', bytes: harbour },
    {
      name: 'harbour (copy).jpg',
      contentType: 'image/jpeg',
      bytes: await sharp(harbour).resize(800).jpeg({ quality: 60 }).toBuffer(),
    },
  ];
  const { token, ids } = await organizedLibrary(harness, 'ida', files);
  peoplePhotos = [ids.get('harbour.jpg'), ids.get('harbour (copy).jpg')] as string[];
  const trashed = await harness.api(`/api/images/${ids.get('screenshot.png')}`, { method: 'DELETE', token });
  if (trashed.status >= 300) throw new Error(`trash: ${trashed.status}`);
  const gallery = await harness.api('/api/galleries/me', { token });
  albumId =
    gallery.body.albums.find((album: any) => album.images.length >= 3)?.id ?? gallery.body.albums[0].id;
}

/** Opens a screen in a fresh page and waits for it to settle: its heading, no busy region, images drawn. */
async function show(hash: string, ready?: string) {
  await page.goto('about:blank');
  await page.goto(`${harness.app.url}/${hash}`);
  await main().locator('h1').first().waitFor();
  if (ready) await page.locator(ready).first().waitFor();
  await settle();
}

async function settle() {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('img')].every((image: any) => image.loading === 'lazy' || image.complete),
  );
}

async function expectNoViolations() {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describeInBrowser('accessibility of every screen', () => {
  beforeAll(async () => {
    [harness, browser, weekend, toUpload.desktop, toUpload.phone] = await Promise.all([
      startHarness(),
      launchBrowser(),
      writePortoWeekend(),
      writePortoWeekend(1),
      writePortoWeekend(2),
    ]);
    page = browser.page;
    await prepare();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await weekend?.remove();
    for (const files of Object.values(toUpload)) await files.remove();
  });

  describe.each(SIZES)('at $name size ($width×$height)', (size) => {
    const photograph = (screen: string) =>
      size.name === 'phone' ? screenshot(page, `phone-${screen}`) : Promise.resolve();

    beforeAll(async () => {
      await page.setViewportSize({ width: size.width, height: size.height });
    });

    it('sign-in', async () => {
      await show('#/albums');
      // Signed in from the first size's run: out through the header, as a person would.
      const signOut = page.getByRole('button', { name: 'Sign out' });
      if (await signOut.isVisible()) await signOut.click();
      await main().getByRole('heading', { level: 1, name: 'Welcome to Momentarium' }).waitFor();
      await expectNoViolations();
      await photograph('sign-in');
      await signInOnPage(page, harness, 'ida');
    });

    it('albums', async () => {
      await show('#/albums', '.album-card');
      await expectNoViolations();
      await photograph('albums');
    });

    it('album', async () => {
      await show(`#/albums/${albumId}`, 'main [data-photo-id]:not([hidden])');
      await expectNoViolations();
      await photograph('album');
    });

    it('album with the viewer open', async () => {
      await show(`#/albums/${albumId}`, 'main [data-photo-id]:not([hidden])');
      await main().locator('[data-photo-id] .photo-open').first().click();
      await page.locator('dialog.lightbox[open]').waitFor();
      await page.waitForFunction(() => {
        const image = document.querySelector('dialog[open] img');
        return image?.complete && image.naturalWidth > 0;
      });
      await expectNoViolations();
      await photograph('viewer');
    });

    it('library', async () => {
      await show('#/library', 'main [data-photo-id]:not([hidden])');
      await expectNoViolations();
      await photograph('library');
    });

    it('upload, with photos waiting to be organized', async () => {
      await show('#/upload');
      await expectNoViolations();
      await page.locator('#file-input').setInputFiles(toUpload[size.name]?.paths ?? []);
      const organize = main().getByRole('button', { name: 'Organize 4 photos' });
      await organize.and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
      await settle();
      await expectNoViolations();
      await photograph('upload');
      // Organized, so no unfinished batch is left to be named on the next screens.
      await organize.click();
      await main().locator('[data-job-status="completed"]').waitFor({ timeout: 120_000 });
      await expectNoViolations();
    });

    it('trash', async () => {
      await show('#/trash', 'main [data-photo-id]');
      await expectNoViolations();
      await photograph('trash');
    });

    it('similar photos', async () => {
      await show('#/library/similar', 'main form');
      await expectNoViolations();
    });

    it('shared with me (nothing shared yet)', async () => {
      await show('#/shared', 'main .empty-state');
      await expectNoViolations();
    });

    it('search, with the filters open', async () => {
      await show('#/search?q=porto&town=Porto', 'main [data-photo-id]');
      await main().getByText('Add filter').click();
      await main().getByRole('button', { name: 'Apply' }).waitFor();
      await expectNoViolations();
      await photograph('search');
    });

    it('map', async () => {
      await show('#/map', 'main .map-marker');
      await expectNoViolations();
    });

    it('people (one of them hidden and shown)', async () => {
      // Recognition on only for this screen: the uploads of the other cases are not read for faces.
      const { userId } = await harness.signIn('ida');
      const people = await seedPeople(harness.app, userId, {
        [peoplePhotos[0] as string]: [1, 2, 3],
        [peoplePhotos[1] as string]: [1],
      });
      await harness.app.http.people.updatePerson(userId, people.get(1) as string, { name: 'Ida' });
      await harness.app.http.people.updatePerson(userId, people.get(3) as string, { hidden: true });
      try {
        await show('#/people', 'main li.person');
        await main().getByLabel('Show hidden people (1)').check();
        await expectNoViolations();
        await photograph('people');
      } finally {
        await harness.app.http.settings.update(userId, { peopleRecognition: false });
      }
    });

    it('settings', async () => {
      await show('#/settings', '#people-recognition');
      await expectNoViolations();
      await photograph('settings');
    });

    it('the keyboard shortcuts', async () => {
      await show('#/albums', '.album-card');
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await expectNoViolations();
      await photograph('shortcuts');
      await page.keyboard.press('Escape');
    });
  });

  it('raised no console errors and no Content-Security-Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
