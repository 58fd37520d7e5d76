/**
 * Organizing by hand in the web app: selecting many photos with the mouse (click, shift-click), the
 * keyboard (arrows, Space, Shift+arrows, Ctrl+A, Escape) and a long press, moving them to another album
 * in one go or to the Trash, making an album from a selection or an empty one, and merging two albums. What the page
 * shows is checked against what the API then holds.
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
import { tileNames, tileOf } from './support/tiles.ts';

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let token: string;
/** Photo ids by file name: beach-0.jpg … beach-5.jpg, and the other way round. */
const photoIds = new Map<string, string>();
const photoNames = new Map<string, string>();
let beachId: string;
let hillsId: string;

const COLORS = ['#cc3333', '#33cc33', '#3333cc', '#cccc33', '#33cccc', '#cc33cc'];
const names = COLORS.map((_, index) => `beach-${index}.jpg`);

/** Dora's six photos, organized through the API, and two albums of her own: Beach (all six) and Hills (none). */
async function prepare() {
  const files = await Promise.all(
    COLORS.map(async (color, index) => ({
      name: names[index] as string,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 160,
        height: 120,
        color,
        takenAt: new Date(Date.UTC(2026, 6, 1 + index, 12)),
      }),
    })),
  );
  const library = await organizedLibrary(harness, 'dora', files);
  token = library.token;
  for (const [name, id] of library.ids) {
    photoIds.set(name, id);
    photoNames.set(id, name);
  }
  const beach = await harness.api('/api/albums', {
    token,
    body: { title: 'Beach', imageIds: names.map((name) => photoIds.get(name)) },
  });
  beachId = beach.body.id;
  hillsId = (await harness.api('/api/albums', { token, body: { title: 'Hills' } })).body.id;
}

async function albumPhotos(albumId: string): Promise<string[] | null> {
  const gallery = await harness.api('/api/galleries/me', { token });
  const album = gallery.body.albums.find((candidate: any) => candidate.id === albumId);
  return album ? album.images.map((image: any) => image.originalFilename) : null;
}

const main = () => page.locator('main');
const tile = (name: string) => tileOf(main(), photoIds.get(name) as string);
const shownNames = () => tileNames(main().locator('li.photo-tile'), photoNames);
const toggleOf = (name: string) => tile(name).locator('.photo-select');

async function pressedNames(): Promise<string[]> {
  return tileNames(main().locator('li.photo-tile:has(.photo-select[aria-pressed="true"])'), photoNames);
}

async function openAlbum(title: string) {
  await page.getByRole('link', { name: 'Albums', exact: true }).click();
  await main().getByRole('link', { name: title, exact: true }).click();
  await main().getByRole('heading', { level: 1, name: title }).waitFor();
}

describeInBrowser('selecting many photos', () => {
  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    page = browser.page;
    await prepare();
    await signInOnPage(page, harness, 'dora');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('selects with click, shift-click and the keyboard, and moves them to another album in one go', async () => {
    await openAlbum('Beach');
    await main().getByRole('button', { name: 'Select', exact: true }).click();
    await main().getByText('0 photos selected').waitFor();

    // Click one, shift-click another: the range between them.
    await tile('beach-0.jpg').locator('.photo-open').click();
    await tile('beach-2.jpg')
      .locator('.photo-open')
      .click({ modifiers: ['Shift'] });
    expect(await pressedNames()).toEqual(['beach-0.jpg', 'beach-1.jpg', 'beach-2.jpg']);
    await main().getByText('3 photos selected').waitFor();
    // In Select mode a click selects: the lightbox stays closed.
    expect(await page.locator('dialog.lightbox[open]').count()).toBe(0);

    // Keyboard: focus is on beach-2; → → lands on beach-4, Space toggles it; Space again on beach-1 after ← ← ←.
    await expect(
      toggleOf('beach-2.jpg').evaluate((el: any) => el === el.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    expect(await pressedNames()).toEqual(['beach-0.jpg', 'beach-1.jpg', 'beach-2.jpg', 'beach-4.jpg']);
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    expect(await pressedNames()).toEqual(['beach-0.jpg', 'beach-2.jpg', 'beach-4.jpg']);
    // Shift+→ from beach-1 (the anchor, now unselected) extends over beach-1..beach-2.
    await page.keyboard.press('Shift+ArrowRight');
    expect(await pressedNames()).toEqual(['beach-0.jpg', 'beach-1.jpg', 'beach-2.jpg', 'beach-4.jpg']);
    await main().getByText('4 photos selected').waitFor();
    // The count is announced for screen readers too.
    await page.locator('#announcer', { hasText: '4 photos selected' }).waitFor({ state: 'attached' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'multi-select');

    await main().getByRole('button', { name: 'Move to album…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move 4 photos to…' });
    await dialog.getByLabel('Album').selectOption({ label: 'Hills' });
    await dialog.getByRole('button', { name: 'Move' }).click();
    await main().getByText('Moved 4 photos to “Hills”.').waitFor();

    expect(await shownNames()).toEqual(['beach-3.jpg', 'beach-5.jpg']);
    expect(await albumPhotos(beachId)).toEqual(['beach-3.jpg', 'beach-5.jpg']);
    expect(await albumPhotos(hillsId)).toEqual(['beach-0.jpg', 'beach-1.jpg', 'beach-2.jpg', 'beach-4.jpg']);
    // The move ended Select mode.
    await main().getByRole('button', { name: 'Select', exact: true }).waitFor();
  });

  it('selects all with Ctrl+A and clears with Escape', async () => {
    await openAlbum('Hills');
    await main().getByRole('button', { name: 'Select', exact: true }).click();
    await tile('beach-1.jpg').locator('.photo-open').click();
    await page.keyboard.press('Control+a');
    await main().getByText('4 photos selected').waitFor();
    expect(await pressedNames()).toHaveLength(4);
    // The selection bar fits a phone's width: it wraps, nothing scrolls sideways.
    await page.setViewportSize({ width: 375, height: 812 });
    expect(
      await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.keyboard.press('Escape');
    await main().getByRole('button', { name: 'Select', exact: true }).waitFor();
    expect(await pressedNames()).toEqual([]);
    // Out of Select mode a click opens the photo again.
    await tile('beach-1.jpg').locator('.photo-open').click();
    await page.locator('dialog.lightbox[open]').waitFor();
    await page.keyboard.press('Escape');
  });

  it('makes an album from a selection in the library, entering Select mode with a long press', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await main().getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await tile('beach-3.jpg').waitFor();
    // A long press of a finger (touch pointer events, as a phone sends them) enters Select mode.
    const box = await tile('beach-3.jpg').locator('.photo-open').boundingBox();
    if (!box) throw new Error('no tile');
    await tile('beach-3.jpg')
      .locator('.photo-open')
      .evaluate(
        async (element, point) => {
          const init = {
            bubbles: true,
            pointerType: 'touch',
            clientX: point.x,
            clientY: point.y,
            isPrimary: true,
          };
          element.dispatchEvent(new (globalThis as any).PointerEvent('pointerdown', init));
          await new Promise((resolve) => setTimeout(resolve, 700));
          element.dispatchEvent(new (globalThis as any).PointerEvent('pointerup', init));
          element.dispatchEvent(
            new (globalThis as any).MouseEvent('click', { bubbles: true, cancelable: true }),
          );
        },
        { x: box.x + 10, y: box.y + 10 },
      );
    await main().getByText('1 photo selected').waitFor();
    expect(await pressedNames()).toEqual(['beach-3.jpg']);
    expect(await page.locator('dialog.lightbox[open]').count()).toBe(0);

    await toggleOf('beach-0.jpg').click();
    await main().getByText('2 photos selected').waitFor();
    await main().getByRole('button', { name: 'New album from selection…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New album of 2 photos' });
    await dialog.getByLabel('Title').fill('Favourites');
    await dialog.getByRole('button', { name: 'Make album' }).click();
    await main().getByRole('heading', { level: 1, name: 'Favourites' }).waitFor();
    // In the library's order: newest first.
    const made = (await harness.api('/api/galleries/me', { token })).body.albums.find(
      (album: any) => album.title === 'Favourites',
    );
    expect(made.images.map((image: any) => image.originalFilename).sort()).toEqual([
      'beach-0.jpg',
      'beach-3.jpg',
    ]);
    expect(await main().locator('li.photo-tile').count()).toBe(2);
  });

  it('merges two albums', async () => {
    // On the Favourites page from the previous step.
    await main().getByText('Edit album').click();
    await main().getByRole('button', { name: 'Merge into…' }).click();
    const choose = page.getByRole('dialog', { name: 'Merge “Favourites” into…' });
    await choose.getByLabel('Album').selectOption({ label: 'Beach' });
    await choose.getByRole('button', { name: 'Continue' }).click();
    const confirm = page.getByRole('dialog', { name: 'Merge these albums?' });
    await confirm.getByRole('button', { name: 'Merge' }).click();
    await main().getByRole('heading', { level: 1, name: 'Beach' }).waitFor();
    const titles = (await harness.api('/api/galleries/me', { token })).body.albums.map(
      (album: any) => album.title,
    );
    expect(titles).toEqual(expect.arrayContaining(['Beach', 'Hills']));
    expect(titles).not.toContain('Favourites');
    // beach-3 was there already; beach-0 comes back at the end.
    expect(await albumPhotos(beachId)).toEqual(['beach-3.jpg', 'beach-5.jpg', 'beach-0.jpg']);
    expect(await shownNames()).toEqual(['beach-3.jpg', 'beach-5.jpg', 'beach-0.jpg']);
  });

  it('moves a selection to the Trash in one go, after asking', async () => {
    await openAlbum('Hills');
    await main().getByRole('button', { name: 'Select', exact: true }).click();
    await tile('beach-1.jpg').locator('.photo-open').click();
    await tile('beach-2.jpg')
      .locator('.photo-open')
      .click({ modifiers: ['Shift'] });
    await main().getByText('2 photos selected').waitFor();
    await main().getByRole('button', { name: 'Move to Trash' }).click();
    const confirm = page.getByRole('dialog', { name: 'Move 2 photos to the Trash?' });
    await confirm.getByRole('button', { name: 'Move to Trash' }).click();
    await main().getByText('Moved 2 photos to the Trash.').waitFor();
    expect(await shownNames()).toEqual(['beach-0.jpg', 'beach-4.jpg']);
    expect(await albumPhotos(hillsId)).toEqual(['beach-0.jpg', 'beach-4.jpg']);
    const library = await harness.api('/api/images?limit=100', { token });
    const shown = library.body.images.map((image: any) => image.originalFilename);
    expect(shown).not.toContain('beach-1.jpg');
    expect(shown).not.toContain('beach-2.jpg');
    const trash = await harness.api('/api/trash', { token });
    expect(trash.body.images.map((image: any) => image.originalFilename).sort()).toEqual([
      'beach-1.jpg',
      'beach-2.jpg',
    ]);
  });

  it('makes an empty album from the albums screen', async () => {
    await page.getByRole('link', { name: 'Albums', exact: true }).click();
    await main().getByRole('button', { name: 'New album' }).click();
    const dialog = page.getByRole('dialog', { name: 'New album' });
    await dialog.getByRole('button', { name: 'Make album' }).click();
    await dialog.getByText('The title cannot be empty.').waitFor();
    await dialog.getByLabel('Title').fill('Someday');
    await dialog.getByRole('button', { name: 'Make album' }).click();
    await main().getByRole('heading', { level: 1, name: 'Someday' }).waitFor();
    await main().getByText('This album is empty.').waitFor();
    expect(browser.problems).toEqual([]);
  });
});
