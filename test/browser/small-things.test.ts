/**
 * The small things that make the web app feel right: a correction keeps the page where it was (scroll
 * and focus), Back closes the photo viewer (whose address names the photo), ? lists the keyboard
 * shortcuts, Organize stays in reach on a phone under a long list, and focus is not dropped on the
 * page body when a job ends.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Globals of the page, used only inside callbacks that run there (the tests compile without the DOM lib). */
declare const document: any;
declare const window: any;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const ALBUM_PHOTOS = 30;

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let token: string;
let albumId: string;
let photoIds: Map<string, string>;
let uploadDir: string;

/** A distinct colour for photo `index` (solid photos never stack as near duplicates). */
const colour = (index: number) => `hsl(${(index * 47) % 360}, 60%, ${35 + (index % 4) * 10}%)`;

const jpeg = (index: number, day: number) =>
  makeJpeg({
    width: 160,
    height: 120,
    color: colour(index),
    takenAt: new Date(Date.UTC(2026, 2, day, 9, index)),
  });

const main = () => page.locator('main');
const scrollY = () => page.evaluate(() => window.scrollY as number);
const focusIsOnBody = () => page.evaluate(() => document.activeElement === document.body);

/** Scrolls to the middle of the page and names a photo tile in the middle of the window. */
async function scrollToMiddleTile(): Promise<string> {
  await page.evaluate(() =>
    window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) / 2),
  );
  const id = await page.evaluate(() => {
    // The exact middle may fall between two tiles.
    for (const { x, y } of [
      { x: 0.3, y: 0.5 },
      { x: 0.7, y: 0.5 },
      { x: 0.3, y: 0.4 },
      { x: 0.7, y: 0.6 },
    ]) {
      const element = document.elementFromPoint(window.innerWidth * x, window.innerHeight * y);
      const tile = element?.closest('[data-photo-id]');
      if (tile) return tile.dataset.photoId as string;
    }
    return null;
  });
  if (!id) throw new Error('no photo tile in the middle of the window');
  return id;
}

/** The photo shown just before `photoId` (it stays through the edit). */
async function neighbourOf(photoId: string): Promise<string> {
  return page.evaluate((id) => {
    const tiles = [...document.querySelectorAll('main [data-photo-id]')];
    const at = tiles.findIndex((tile: any) => tile.dataset.photoId === id);
    return (tiles[at - 1] as any).dataset.photoId as string;
  }, photoId);
}

/**
 * Where a photo is in the window, in px from its top. "The page keeps its place" is measured on what
 * the reader sees: a notice appearing above may lengthen the page, and the browser (scroll anchoring)
 * then moves the scroll position by exactly that to hold the photos still.
 */
function screenTop(photoId: string): Promise<number> {
  return main()
    .locator(`[data-photo-id="${photoId}"]`)
    .evaluate((tile: any) => tile.getBoundingClientRect().top as number);
}

/** Opens a screen in a fresh page, so nothing a failed test left open (a dialog) gets in the way. */
async function openFresh(hash: string) {
  await page.goto('about:blank');
  await page.goto(`${harness.app.url}/${hash}`);
}

async function openAlbum() {
  await openFresh(`#/albums/${albumId}`);
  await main().getByRole('heading', { level: 1, name: 'Meadow' }).waitFor();
  await page.waitForFunction(
    (count) => document.querySelectorAll('main [data-photo-id]').length >= count,
    ALBUM_PHOTOS - 2,
  );
}

describeInBrowser('small things', () => {
  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    page = browser.page;
    const files = await Promise.all(
      Array.from({ length: ALBUM_PHOTOS }, async (_, index) => ({
        name: `meadow-${index}.jpg`,
        contentType: 'image/jpeg',
        bytes: await jpeg(index, 10),
      })),
    );
    const library = await organizedLibrary(harness, 'fern', files);
    token = library.token;
    photoIds = library.ids;
    const album = await harness.api('/api/albums', {
      token,
      body: { title: 'Meadow', imageIds: files.map((file) => photoIds.get(file.name)) },
    });
    albumId = album.body.id;
    uploadDir = await mkdtemp(join(tmpdir(), 'momentarium-small-things-'));
    await signInOnPage(page, harness, 'fern');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });

  it('keeps the scroll position and focus after removing a photo from an album', async () => {
    await page.setViewportSize(PHONE);
    await openAlbum();
    await main().getByRole('button', { name: 'Select', exact: true }).click();
    const chosen = await scrollToMiddleTile();
    await main().locator(`[data-photo-id="${chosen}"] .photo-open`).click();
    await main().getByText('1 photo selected').waitFor();
    const neighbour = await neighbourOf(chosen);
    const before = await screenTop(neighbour);
    expect(await scrollY()).toBeGreaterThan(300);

    await main().getByRole('button', { name: 'Remove from album' }).click();
    await main().locator(`[data-photo-id="${chosen}"]`).waitFor({ state: 'detached' });
    await main().locator('.notice', { hasText: 'Removed 1 photo from the album.' }).waitFor();
    expect(Math.abs((await screenTop(neighbour)) - before)).toBeLessThanOrEqual(4);
    expect(await scrollY()).toBeGreaterThan(300);
    expect(await focusIsOnBody()).toBe(false);
    // Focus went to the photo that took the removed one's place, not to the heading far above.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-photo-id]')))).toBe(true);
  });

  it('keeps the scroll position after moving a library photo to the Trash, and after Undo', async () => {
    await page.setViewportSize(PHONE);
    await openFresh('#/library');
    await main().getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await page.waitForFunction(
      (count) => document.querySelectorAll('main [data-photo-id]').length >= count,
      20,
    );
    await main().getByRole('button', { name: 'Select', exact: true }).click();
    const chosen = await scrollToMiddleTile();
    await main().locator(`[data-photo-id="${chosen}"] .photo-open`).click();
    const neighbour = await neighbourOf(chosen);
    const before = await screenTop(neighbour);
    expect(await scrollY()).toBeGreaterThan(300);

    await main().getByRole('button', { name: 'Move to Trash' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Move to Trash' }).click();
    await page.locator('.undo-toast').getByText('Moved 1 photo to Trash').waitFor();
    await main().locator(`[data-photo-id="${chosen}"]`).waitFor({ state: 'detached' });
    expect(Math.abs((await screenTop(neighbour)) - before)).toBeLessThanOrEqual(4);
    expect(await scrollY()).toBeGreaterThan(300);

    // Undo redraws the library in place too: the photo is back, the neighbour has not moved.
    await page.locator('.undo-toast').getByRole('button', { name: 'Undo' }).click();
    await page.locator('.undo-toast').getByText('1 photo back where they were.').waitFor();
    await main().locator(`[data-photo-id="${chosen}"]`).waitFor();
    expect(Math.abs((await screenTop(neighbour)) - before)).toBeLessThanOrEqual(4);
  });

  it('closes the viewer with Back (the address names the photo), and a second Back leaves the album', async () => {
    await page.setViewportSize(DESKTOP);
    await openFresh('#/albums');
    await main().getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
    await main().getByRole('link', { name: 'Meadow', exact: true }).click();
    await main().getByRole('heading', { level: 1, name: 'Meadow' }).waitFor();
    const albumUrl = page.url();
    // Marks this drawing of the album: a screen drawn again would lose it.
    await page.evaluate(() => {
      document.querySelector('main h1').dataset.drawing = 'first';
    });

    const tiles = main().locator('[data-photo-id]');
    const [firstId, secondId] = await tiles.evaluateAll((nodes) =>
      nodes.slice(0, 2).map((node: any) => node.dataset.photoId as string),
    );
    await tiles.first().locator('.photo-open').click();
    const viewer = page.locator('dialog.lightbox[open]');
    await viewer.waitFor();
    // The address changes within the page; Playwright learns of it a moment later.
    await page.waitForURL(`${albumUrl}?photo=${firstId}`);
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(`${albumUrl}?photo=${secondId}`);

    await page.goBack();
    await viewer.waitFor({ state: 'detached' });
    await page.waitForURL(albumUrl);
    expect(await page.evaluate(() => document.querySelector('main h1')?.dataset.drawing)).toBe('first');

    await page.goBack();
    await main().getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();

    // Forward again: the album, then the viewer on the photo its address names.
    await page.goForward();
    await main().getByRole('heading', { level: 1, name: 'Meadow' }).waitFor();
    await page.goForward();
    await viewer.waitFor();
    expect(await page.locator('.lightbox-caption').textContent()).toMatch(/\(2 of \d+\)$/);
    // Closed by its button, the viewer takes its entry back: Back then leaves the album.
    await viewer.getByRole('button', { name: 'Close' }).click();
    await viewer.waitFor({ state: 'detached' });
    await page.waitForURL(albumUrl);
    await page.goBack();
    await main().getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  });

  it('opens the viewer from a link to a photo, and Escape closes it', async () => {
    // The sixth photo of the album as it is now (an earlier case took one out: the one in the middle
    // of a phone's screen, which depends on the header's height).
    const gallery = (await harness.api('/api/galleries/me', { token })).body;
    const meadow = gallery.albums.find((album: any) => album.id === albumId);
    await openFresh(`#/albums/${albumId}?photo=${meadow.images[5].id}`);
    const viewer = page.locator('dialog.lightbox[open]');
    await viewer.waitFor();
    expect(await page.locator('.lightbox-caption').textContent()).toMatch(
      new RegExp(`\\(6 of ${meadow.images.length}\\)$`),
    );
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await page.waitForURL(`${harness.app.url}/#/albums/${albumId}`);
    await main().getByRole('heading', { level: 1, name: 'Meadow' }).waitFor();
  });

  it('lists the keyboard shortcuts with ?, but not while typing, and not once turned off', async () => {
    await openAlbum();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const listed of ['Show this list', 'Upload photos', 'Previous or next photo', 'Select a range'])
      await dialog.getByText(listed).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Typed into a field, ? is just a character.
    await main().getByText('Edit album').click();
    await main().getByLabel('Title').press('End');
    await main().getByLabel('Title').press('?');
    expect(await main().getByLabel('Title').inputValue()).toBe('Meadow?');
    expect(await dialog.count()).toBe(0);

    // u goes to Upload.
    await main().getByRole('heading', { level: 1 }).focus();
    await page.keyboard.press('u');
    await main().getByRole('heading', { level: 1, name: 'Upload photos' }).waitFor();

    // Turned off in Settings (for speech input), single keys do nothing; the list is still there.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await main()
      .getByLabel(/Single-key shortcuts/)
      .uncheck();
    await main().getByRole('heading', { level: 1 }).focus();
    await page.keyboard.press('?');
    await page.keyboard.press('u');
    await main().getByRole('button', { name: 'Show keyboard shortcuts' }).click();
    await dialog.waitFor();
    expect(page.url()).toMatch(/#\/settings$/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await main()
      .getByLabel(/Single-key shortcuts/)
      .check();
  });

  it('keeps Organize in reach on a phone under a long list, and focus on the outcome when the job ends', async () => {
    await page.setViewportSize(PHONE);
    const paths: string[] = [];
    for (let index = 0; index < 14; index++) {
      const path = join(uploadDir, `field-${index}.jpg`);
      await writeFile(path, await jpeg(100 + index, 20));
      paths.push(path);
    }
    await openFresh('#/upload');
    await main().getByRole('heading', { level: 1, name: 'Upload photos' }).waitFor();
    await page.locator('#file-input').setInputFiles(paths);
    await page.getByText('14 of 14 photos uploaded').waitFor();
    const organize = main().getByRole('button', { name: 'Organize 14 photos' });
    await organize.waitFor();
    const inWindow = () =>
      organize.evaluate((button: any) => {
        const box = button.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      });

    await page.evaluate(() => window.scrollTo(0, 0));
    // The list runs below the window, yet Organize is on screen without scrolling…
    expect(
      await page.evaluate(
        () =>
          document.querySelector('.upload-item:last-child').getBoundingClientRect().top > window.innerHeight,
      ),
    ).toBe(true);
    expect(await inWindow()).toBe(true);
    // …and stays there in the middle of the list.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    expect(await inWindow()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await organize.focus();
    await page.keyboard.press('Enter');
    await main().locator('[data-job-status="completed"]').waitFor({ timeout: 120_000 });
    expect(await focusIsOnBody()).toBe(false);
    expect(
      await page.evaluate(() => ({
        inOutcome: Boolean(document.activeElement?.closest('.organize')),
        text: document.activeElement?.textContent,
      })),
    ).toEqual({ inOutcome: true, text: 'Your albums are ready' });
    await page.setViewportSize(DESKTOP);
  });

  it('raised no console errors', () => {
    expect(browser.problems).toEqual([]);
  });
});
