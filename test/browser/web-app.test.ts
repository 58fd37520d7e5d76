/**
 * The web app in a real browser against the whole local app: sign in, upload real photos, organize,
 * browse, use the lightbox from the keyboard, correct the albums, and find it all again after a reload.
 * Every main screen is checked with axe and photographed for docs/screenshots.
 */
import type { Page, Request } from 'playwright-core';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
  screenshot,
  seriousAccessibilityViolations,
} from './support/browser.ts';
import { type PhotoFiles, writePortoWeekend } from './support/photo-files.ts';
import { openInViewer, tileNames, tileOf, viewerFact, viewerFileName } from './support/tiles.ts';

/** Globals of the page, used only inside callbacks that run there (the tests compile without the DOM lib). */
declare const document: any;

let harness: Harness;
let browser: RunningBrowser;
let photos: PhotoFiles;
let page: Page;
const requests: Request[] = [];

describeInBrowser('the web app', () => {
  beforeAll(async () => {
    [harness, browser, photos] = await Promise.all([startHarness(), launchBrowser(), writePortoWeekend()]);
    page = browser.page;
    page.on('request', (request) => requests.push(request));
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await photos?.remove();
  });

  /** The page's own status line (the screen-reader announcer repeats the same words). */
  const notice = (text: string) => page.locator('main .notice', { hasText: text });

  async function expectAccessible() {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }

  /** Ana's photos by file name and by id, read once through the API after they are organized. */
  const ids = new Map<string, string>();
  const names = new Map<string, string>();
  async function idOf(name: string): Promise<string> {
    if (ids.size === 0) {
      const library = await harness.api('/api/images?limit=100', { token: await sessionToken() });
      for (const image of library.body.images) {
        ids.set(image.originalFilename, image.id);
        names.set(image.id, image.originalFilename);
      }
    }
    const id = ids.get(name);
    if (!id) throw new Error(`no photo named ${name}`);
    return id;
  }
  const tile = async (name: string) => tileOf(page.locator('main'), await idOf(name));
  const shownNames = async () => {
    await idOf('ribeira.jpg');
    return tileNames(page.locator('main li.photo-tile'), names);
  };

  it('signs in locally with a username', async () => {
    await page.goto(harness.app.url);
    await page.getByRole('heading', { level: 1, name: 'Welcome to Momentarium' }).waitFor();
    await expectAccessible();
    await screenshot(page, 'sign-in');
    await page.getByLabel('Username').fill('ana');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
    await page.getByRole('heading', { name: 'No albums yet' }).waitFor();
    expect(await page.locator('#who').textContent()).toBe('Signed in as ana');
    expect(await page.evaluate(() => sessionStorage.getItem('momentarium.session'))).toContain('"token"');
    await expectAccessible();
  });

  it('uploads photos with progress, and refuses a file that is not a photo', async () => {
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Upload photos' }).waitFor();
    await page.locator('#file-input').setInputFiles([...photos.paths, photos.notAPhoto]);
    await page.getByText('notes.txt').waitFor();
    expect(await page.locator('.rejected-files').textContent()).toContain(
      'is not a JPEG, PNG, WebP or HEIC/HEIF photo',
    );
    await page.getByText('4 of 4 photos uploaded').waitFor();
    expect(await page.locator('.upload-item').count()).toBe(4);
    expect(await page.locator('.upload-item[data-status="done"]').count()).toBe(4);
    const overall = page.locator('#overall-progress');
    expect(await overall.evaluate((bar: any) => bar.value === bar.max)).toBe(true);
    // Thumbnails are object URLs of the local files, not uploads fetched back.
    const thumbnail = await page.locator('.upload-item img').first().getAttribute('src');
    expect(thumbnail).toMatch(/^blob:/);
    // One request for the URLs (≤ 100 files each), one PUT per photo straight to storage.
    expect(requests.filter((request) => request.url().endsWith('/api/uploads/generate-urls'))).toHaveLength(
      1,
    );
    expect(requests.filter((request) => request.method() === 'PUT')).toHaveLength(4);
    await expectAccessible();
    await screenshot(page, 'upload');
  });

  it('organizes the batch with one click and follows the job to the end', async () => {
    await page.getByRole('button', { name: 'Organize 4 photos' }).click();
    await page.locator('[data-job-status="completed"]').waitFor({ timeout: 60_000 });
    const start = requests.find((request) => request.url().endsWith('/api/galleries/process'));
    expect(start?.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(start?.postDataJSON().imageKeys).toHaveLength(4);
    expect(requests.some((request) => /\/api\/jobs\/[0-9a-f-]{36}\/status$/.test(request.url()))).toBe(true);
    await expectAccessible();
    await screenshot(page, 'organize');
  });

  it('shows the albums as cards with covers, titles, descriptions and counts', async () => {
    await page.getByRole('link', { name: 'See your albums' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
    const card = page.locator('.album-card', { hasText: 'A weekend in Porto' });
    await card.waitFor();
    expect(await card.locator('.album-count').textContent()).toBe('3 photos');
    // When and where: the photos' date span and their place; the album sits under its year.
    expect(await card.locator('.album-when').textContent()).toMatch(/^May 2\s*–\s*3, 2026 · Porto$/);
    await page
      .getByRole('region', { name: '2026' })
      .locator('.album-card', { hasText: 'A weekend in Porto' })
      .waitFor();
    expect(await card.locator('.album-description').textContent()).not.toBe('');
    const cover = card.locator('img');
    // Covers are wider than tiles: the browser may take the preview on a dense screen.
    expect(await cover.getAttribute('srcset')).toMatch(/thumbnail\.jpg\S* \d+w, \S+preview\.jpg\S* \d+w$/);
    expect(await cover.getAttribute('sizes')).toContain('20rem');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.album-card img')].every(
        (image: any) => image.complete && image.naturalWidth > 0,
      ),
    );
    await expectAccessible();
    await screenshot(page, 'albums');
  });

  it('opens an album: thumbnails in display order, lazy, with their dimensions', async () => {
    await page.getByRole('link', { name: 'A weekend in Porto' }).click();
    await page.getByRole('heading', { level: 1, name: 'A weekend in Porto' }).waitFor();
    expect(page.url()).toMatch(/#\/albums\/[0-9a-f-]{36}$/);
    const images = page.locator('.photo-grid img');
    expect(await shownNames()).toEqual(['ribeira.jpg', 'bridge.jpg', 'tram.jpg']);
    // A photo grid, not a file list: no names, no per-photo menus; each photo is named by its date.
    const gridText = await page.locator('.photo-grid').textContent();
    expect(gridText).not.toMatch(/\.jpg|Options/);
    for (const alt of await images.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('alt')))) {
      expect(alt).toMatch(/^Photo of [A-Z][a-z]{2} \d{1,2}, 2026, /);
    }
    for (const image of await images.all()) {
      expect(await image.getAttribute('loading')).toBe('lazy');
      expect(await image.getAttribute('src')).toContain('thumbnail.jpg');
      expect(await image.getAttribute('srcset')).toMatch(/thumbnail\.jpg\S* \d+w, \S+preview\.jpg\S* \d+w$/);
      expect(Number(await image.getAttribute('width'))).toBeGreaterThan(0);
      expect(Number(await image.getAttribute('height'))).toBeGreaterThan(0);
    }
    expect(await images.nth(1).getAttribute('width')).toBe('900');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.photo-grid img')].every(
        (image: any) => image.complete && image.naturalWidth > 0,
      ),
    );
    // At this screen's density a ~190 px tile needs no more than the ~512 px thumbnail.
    const chosen = await images.evaluateAll((nodes) => nodes.map((node: any) => node.currentSrc as string));
    for (const source of chosen) expect(new URL(source).pathname).toMatch(/\/thumbnail\.jpg$/);
    await expectAccessible();
    await screenshot(page, 'album');
  });

  it('shows originals in a lightbox driven by the keyboard and by swipes', async () => {
    const caption = page.locator('.lightbox-caption');
    // What the organizing call writes about a photo (captions are another part of the issue).
    await harness.app.http.db
      .updateTable('images')
      .set({
        caption: 'The Ribeira from the river',
        tags: ['river', 'old town'],
        description_source: 'model',
      })
      .where('id', '=', await idOf('ribeira.jpg'))
      .execute();
    const opener = page.locator('.photo-open').first();
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog.lightbox[open]').waitFor();
    expect(await caption.textContent()).toMatch(/^Photo of May 2, 2026, .+ \(1 of 3\)$/);
    expect(await viewerFileName(page)).toBe('ribeira.jpg');
    // The info panel: the date and where it came from, place, camera, size, albums (from the API).
    await viewerFact(page, 'Albums').waitFor();
    expect(await viewerFact(page, 'Taken').textContent()).toMatch(/May 2, 2026.*\(date from the camera\)$/);
    expect(await viewerFact(page, 'Place').textContent()).toBe('Porto, Portugal');
    expect(await viewerFact(page, 'Place').getByRole('link', { name: 'Porto' }).getAttribute('href')).toBe(
      '#/search?country=Portugal&town=Porto',
    );
    expect(await viewerFact(page, 'Location').textContent()).toBe(
      '41.150° N, 8.611° W (rounded to about 100 m)',
    );
    expect(await viewerFact(page, 'Camera').textContent()).toBe('Fujifilm X100V');
    expect(await viewerFact(page, 'Lens').textContent()).toBe('XF23mmF2 R WR');
    expect(await viewerFact(page, 'Settings').textContent()).toBe('1/250 s · f/2 · ISO 160 · 23 mm');
    expect(await viewerFact(page, 'Size').textContent()).toMatch(/^\d+(\.\d)? KB · 1200 × 900 px$/);
    expect(await viewerFact(page, 'Caption').textContent()).toBe('The Ribeira from the river');
    const tags = viewerFact(page, 'Tags').getByRole('link');
    expect(await tags.allTextContents()).toEqual(['river', 'old town']);
    expect(await tags.nth(1).getAttribute('href')).toBe('#/search?q=old+town');
    expect(await viewerFact(page, 'Albums').textContent()).toBe('A weekend in Porto');
    expect(await page.locator('.lightbox-image').getAttribute('src')).toContain('original.jpg');
    await page.keyboard.press('ArrowRight');
    expect(await caption.textContent()).toMatch(/\(2 of 3\)$/);
    expect(await viewerFileName(page)).toBe('bridge.jpg');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await caption.textContent()).toMatch(/\(1 of 3\)$/);
    expect(await viewerFileName(page)).toBe('ribeira.jpg');
    await page.keyboard.press('ArrowLeft');
    expect(await caption.textContent()).toMatch(/\(3 of 3\)$/);
    expect(await viewerFileName(page)).toBe('tram.jpg');
    // A swipe to the left shows the next photo.
    const stage = await page.locator('.lightbox-stage').boundingBox();
    if (!stage) throw new Error('no lightbox stage');
    const y = stage.y + stage.height / 2;
    await page.mouse.move(stage.x + stage.width * 0.7, y);
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width * 0.3, y, { steps: 5 });
    await page.mouse.up();
    expect(await caption.textContent()).toMatch(/\(1 of 3\)$/);
    expect(await viewerFileName(page)).toBe('ribeira.jpg');
    await page.waitForFunction(() => {
      const image = document.querySelector('.lightbox-image');
      return image?.complete && image.naturalWidth > 0;
    });
    await expectAccessible();
    await screenshot(page, 'lightbox');
    await page.keyboard.press('Escape');
    await page.locator('dialog.lightbox').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('photo-open'))).toBe(true);
  });

  it('renames the album and moves a photo to another album', async () => {
    await page.getByText('Edit album').click();
    await page.getByLabel('Title').fill('Porto, with friends');
    await page.getByLabel('Description').fill('Three days by the Douro.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Porto, with friends' }).waitFor();
    await notice('Album saved.').waitFor();

    // Per-photo actions live in the viewer's info panel.
    await openInViewer(page, page, await idOf('tram.jpg'));
    await page.locator('.lightbox-info').getByRole('button', { name: 'Move to album…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move 1 photo to…' });
    const destination = await dialog.getByLabel('Album').locator('option').first().textContent();
    await dialog.getByRole('button', { name: 'Move' }).click();
    await notice(`Moved 1 photo to “${destination}”.`).waitFor();
    expect(await page.locator('dialog.lightbox').count()).toBe(0);
    expect(await shownNames()).toEqual(['ribeira.jpg', 'bridge.jpg']);
    expect(await page.locator('main .album-count').textContent()).toBe('2 photos');
  });

  it('keeps the corrections after a reload', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Porto, with friends' }).waitFor();
    expect(await page.locator('main .album-description').textContent()).toBe('Three days by the Douro.');
    expect(await page.locator('.photo-grid img').count()).toBe(2);
    await page.getByRole('link', { name: 'Albums', exact: true }).click();
    const other = page.locator('.album-card', { hasNotText: 'Porto, with friends' });
    expect(await other.locator('.album-count').textContent()).toBe('2 photos');
  });

  it('fits a 375 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    for (const hash of ['#/albums', '#/upload', '#/library', '#/trash']) {
      await page.goto(`${harness.app.url}/${hash}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    }
    await page.goto(`${harness.app.url}/#/albums`);
    await page.locator('.album-card').first().waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.album-card img')].every((image: any) => image.complete),
    );
    await expectAccessible();
    await screenshot(page, 'albums-mobile');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('sets a cover, removes a photo from an album and moves one to the Trash', async () => {
    await page.getByRole('link', { name: 'Porto, with friends' }).click();
    await page.getByRole('heading', { level: 1, name: 'Porto, with friends' }).waitFor();
    await openInViewer(page, page, await idOf('bridge.jpg'));
    await page.locator('.lightbox-info').getByRole('button', { name: 'Set as cover' }).click();
    await notice('Cover changed.').waitFor();
    expect(await (await tile('bridge.jpg')).locator('.badge').textContent()).toBe('Cover');

    await openInViewer(page, page, await idOf('ribeira.jpg'));
    await page.locator('.lightbox-info').getByRole('button', { name: 'Remove from album' }).click();
    await notice('Removed from the album.').waitFor();
    expect(await page.locator('.photo-grid img').count()).toBe(1);

    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await (await tile('ribeira.jpg')).waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.photo-grid img')].every(
        (image: any) => image.complete && image.naturalWidth > 0,
      ),
    );
    await expectAccessible();
    await screenshot(page, 'library');
    await openInViewer(page, page, await idOf('ribeira.jpg'));
    await viewerFact(page, 'Albums').getByText('Not in any album').waitFor();
    await expectAccessible();
    await page.locator('.lightbox-info').getByRole('button', { name: 'Move to Trash' }).click();
    // Undoable, so nothing to confirm: the undo offer says what happened (test/browser/trash.test.ts).
    await page.locator('.undo-toast').getByText('Moved ribeira.jpg to Trash').waitFor();
    await expectAccessible();
    expect(await (await tile('ribeira.jpg')).count()).toBe(0);
    expect(await page.locator('.photo-tile').count()).toBe(3);
  });

  it('deletes an album (undoable, so unconfirmed); its photos stay in the library', async () => {
    await page.getByRole('link', { name: 'Albums', exact: true }).click();
    await page.getByRole('link', { name: 'Porto, with friends' }).click();
    await page.getByRole('heading', { level: 1, name: 'Porto, with friends' }).waitFor();
    await page.getByText('Edit album').click();
    await page.getByRole('button', { name: 'Delete album' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
    await page.locator('.undo-toast').getByRole('button', { name: 'Undo' }).waitFor();
    await page.locator('.album-card').first().waitFor();
    expect(await page.locator('main').getByText('Porto, with friends').count()).toBe(0);
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await openInViewer(page, page, await idOf('bridge.jpg'));
    await viewerFact(page, 'Albums').getByText('Not in any album').waitFor();
    await page.keyboard.press('Escape');
  });

  it('turns people recognition on, and off only after a warning that it deletes faces', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const toggle = page.getByLabel('Recognise people in my photos');
    expect(await toggle.isChecked()).toBe(false);
    await expectAccessible();
    await toggle.check();
    await page.locator('main').getByText('On: photos you upload from now on are read for faces.').waitFor();
    expect((await harness.api('/api/settings', { token: await sessionToken() })).body).toEqual({
      peopleRecognition: true,
    });
    await screenshot(page, 'settings');
    await toggle.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    // The dialog's close event (which puts the switch back) is fired after the click, not during it.
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // The switch is put back when the confirm's answer resolves, a step after the dialog goes (CI
    // read it in between): wait for it, within the wait's timeout.
    await toggle.and(page.locator(':checked')).waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Turn off and delete' }).click();
    await page.locator('main').getByText('Off: faces and people were deleted.').waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getByLabel('Recognise people in my photos').isChecked()).toBe(false);
  });

  async function sessionToken(): Promise<string> {
    const session = await page.evaluate(() => sessionStorage.getItem('momentarium.session'));
    return JSON.parse(session ?? '{}').token;
  }

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome to Momentarium' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('momentarium.session'))).toBeNull();
  });

  it('raised no console errors and no Content-Security-Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
