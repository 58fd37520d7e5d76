/**
 * Nothing lost by one click, in the web app: a photo moved to the Trash from an album comes back with
 * Undo; one trashed from the library is restored from the Trash screen (one, then a selection); the
 * Trash is emptied only after a confirmation; a selection moved to the Trash comes back with Undo; a
 * deleted album comes back with Undo. What the page shows is checked against what the API then holds.
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
import { tileNames as namesOf, openInViewer, tileOf } from './support/tiles.ts';

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let token: string;
/** Photo ids by file name: shore-0.jpg … shore-4.jpg, and the other way round. */
const photoIds = new Map<string, string>();
const photoNames = new Map<string, string>();
let shoreId: string;

const COLORS = ['#cc3333', '#33cc33', '#3333cc', '#cccc33', '#33cccc'];
const names = COLORS.map((_, index) => `shore-${index}.jpg`);

/** Tess's five photos, organized through the API, and her album Shore holding all of them in order. */
async function prepare() {
  const files = await Promise.all(
    COLORS.map(async (color, index) => ({
      name: names[index] as string,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 160,
        height: 120,
        color,
        takenAt: new Date(Date.UTC(2026, 7, 1 + index, 12)),
      }),
    })),
  );
  const library = await organizedLibrary(harness, 'tess', files);
  token = library.token;
  for (const [name, id] of library.ids) {
    photoIds.set(name, id);
    photoNames.set(id, name);
  }
  const shore = await harness.api('/api/albums', {
    token,
    body: { title: 'Shore', imageIds: names.map((name) => photoIds.get(name)) },
  });
  shoreId = shore.body.id;
}

async function shorePhotos(): Promise<string[] | null> {
  const gallery = await harness.api('/api/galleries/me', { token });
  const album = gallery.body.albums.find((candidate: any) => candidate.id === shoreId);
  return album ? album.images.map((image: any) => image.originalFilename) : null;
}

const trashNames = async () =>
  (await harness.api('/api/trash', { token })).body.images.map((image: any) => image.originalFilename).sort();

const main = () => page.locator('main');
const toast = () => page.locator('.undo-toast');
const tileNames = () => namesOf(main().locator('li.photo-tile'), photoNames);
const tile = (name: string) => tileOf(main(), photoIds.get(name) as string);
/** Opens the photo in the viewer and runs one action of its info panel. */
async function viewerAction(name: string, action: string) {
  await openInViewer(main(), page, photoIds.get(name) as string);
  await page.locator('.lightbox-info').getByRole('button', { name: action }).click();
}

async function openShore() {
  await page.getByRole('link', { name: 'Albums', exact: true }).click();
  await main().getByRole('link', { name: 'Shore', exact: true }).click();
  await main().getByRole('heading', { level: 1, name: 'Shore' }).waitFor();
}

async function openTrash() {
  // From another screen: following the link to the screen already shown draws nothing new.
  if (page.url().endsWith('#/trash'))
    await page.locator('#nav').getByRole('link', { name: 'Library', exact: true }).click();
  await page.locator('#nav').getByRole('link', { name: 'Trash', exact: true }).click();
  await main().getByRole('heading', { level: 1, name: 'Trash' }).waitFor();
}

describeInBrowser('the Trash', () => {
  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    page = browser.page;
    await prepare();
    await signInOnPage(page, harness, 'tess');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('moves a photo to the Trash without a dialog, says so with Undo, and Undo puts it back in its place', async () => {
    await openShore();
    await viewerAction('shore-1.jpg', 'Move to Trash');

    await toast().getByText('Moved shore-1.jpg to Trash').waitFor();
    await page
      .locator('#announcer', { hasText: 'Moved shore-1.jpg to Trash' })
      .waitFor({ state: 'attached' });
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expect(await tileNames()).toEqual(['shore-0.jpg', 'shore-2.jpg', 'shore-3.jpg', 'shore-4.jpg']);
    expect(await shorePhotos()).toEqual(['shore-0.jpg', 'shore-2.jpg', 'shore-3.jpg', 'shore-4.jpg']);
    expect(await trashNames()).toEqual(['shore-1.jpg']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await toast().getByRole('button', { name: 'Undo' }).click();
    await toast().getByText('shore-1.jpg is back where it was.').waitFor();
    await tile('shore-1.jpg').waitFor();
    expect(await tileNames()).toEqual(names);
    expect(await shorePhotos()).toEqual(names);
    expect(await trashNames()).toEqual([]);
    await toast().getByRole('button', { name: 'Dismiss' }).click();
    expect(await toast().count()).toBe(0);
  });

  it('restores from the Trash screen, one photo and then a selection, each with its days left', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await main().getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    // The library points to the Trash too.
    await main().getByRole('link', { name: 'Trash', exact: true }).waitFor();
    await viewerAction('shore-2.jpg', 'Move to Trash');
    await toast().getByText('Moved shore-2.jpg to Trash').waitFor();
    expect(await tileNames()).not.toContain('shore-2.jpg');
    // Two more, through the API (as the library's Select mode does).
    await harness.api('/api/images/trash', {
      token,
      body: { imageIds: [photoIds.get('shore-3.jpg'), photoIds.get('shore-4.jpg')] },
    });

    await openTrash();
    await tile('shore-4.jpg').waitFor();
    expect((await tileNames()).sort()).toEqual(['shore-2.jpg', 'shore-3.jpg', 'shore-4.jpg']);
    expect(await tile('shore-2.jpg').getByText('30 days left').count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await openInViewer(main(), page, photoIds.get('shore-2.jpg') as string);
    await page.locator('.lightbox-info dd', { hasText: '30 days left' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.locator('.lightbox-info').getByRole('button', { name: 'Restore' }).click();
    await main().getByText('Restored 1 photo. It is back where it was.').waitFor();
    expect((await tileNames()).sort()).toEqual(['shore-3.jpg', 'shore-4.jpg']);

    await main().getByRole('button', { name: 'Select', exact: true }).click();
    await tile('shore-3.jpg').locator('.photo-open').click();
    await tile('shore-4.jpg').locator('.photo-open').click();
    await main().getByText('2 photos selected').waitFor();
    await main()
      .getByRole('group', { name: 'Selected photos' })
      .getByRole('button', { name: 'Restore' })
      .click();
    await main().getByText('Restored 2 photos. They are back where they were.').waitFor();
    await main().getByRole('heading', { name: 'The Trash is empty' }).waitFor();
    expect(await trashNames()).toEqual([]);
    expect(await shorePhotos()).toEqual(names);
  });

  it('empties the Trash only after a confirmation, and then the photo and its files are gone for good', async () => {
    await harness.api(`/api/images/${photoIds.get('shore-4.jpg')}`, { token, method: 'DELETE' });
    const storageKey = (await harness.api('/api/trash', { token })).body.images[0].storageKey;
    await openTrash();
    await tile('shore-4.jpg').waitFor();

    await main().getByRole('button', { name: 'Empty Trash…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Empty the Trash?' });
    await dialog
      .getByText('The 1 photo in the Trash will be deleted for good, with its files.', { exact: false })
      .waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await trashNames()).toEqual(['shore-4.jpg']);

    await main().getByRole('button', { name: 'Empty Trash…' }).click();
    await page
      .getByRole('dialog', { name: 'Empty the Trash?' })
      .getByRole('button', { name: 'Empty Trash' })
      .click();
    await main().getByText('Deleted 1 photo for good. The Trash is empty.').waitFor();
    expect(await trashNames()).toEqual([]);
    expect(await harness.app.http.storage.head(storageKey)).toBeNull();
    expect(await shorePhotos()).toEqual(names.slice(0, 4));
  });

  it('offers Undo after moving a selection to the Trash too', async () => {
    await openShore();
    await main().getByRole('button', { name: 'Select', exact: true }).click();
    await tile('shore-0.jpg').locator('.photo-open').click();
    await tile('shore-1.jpg')
      .locator('.photo-open')
      .click({ modifiers: ['Shift'] });
    await main().getByText('2 photos selected').waitFor();
    await main().getByRole('button', { name: 'Move to Trash' }).click();
    await page
      .getByRole('dialog', { name: 'Move 2 photos to the Trash?' })
      .getByRole('button', { name: 'Move to Trash' })
      .click();
    await toast().getByText('Moved 2 photos to Trash').waitFor();
    expect(await shorePhotos()).toEqual(['shore-2.jpg', 'shore-3.jpg']);

    await toast().getByRole('button', { name: 'Undo' }).click();
    await toast().getByText('2 photos back where they were.').waitFor();
    await tile('shore-0.jpg').waitFor();
    expect(await tileNames()).toEqual(names.slice(0, 4));
    expect(await shorePhotos()).toEqual(names.slice(0, 4));
    expect(await trashNames()).toEqual([]);
  });

  it('deletes an album and brings it back with Undo, its photos in their order', async () => {
    await openShore();
    await main().getByText('Edit album').click();
    await main().getByRole('button', { name: 'Delete album' }).click();

    await main().getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
    await toast().getByText('Album “Shore” deleted; its photos are still in your library').waitFor();
    expect(await main().getByRole('link', { name: 'Shore', exact: true }).count()).toBe(0);
    expect(await shorePhotos()).toBeNull();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await toast().getByRole('button', { name: 'Undo' }).click();
    await main().getByRole('heading', { level: 1, name: 'Shore' }).waitFor();
    await toast().getByText('Album “Shore” restored.').waitFor();
    await main().locator('li.photo-tile').first().waitFor();
    expect(await tileNames()).toEqual(names.slice(0, 4));
    expect(await shorePhotos()).toEqual(names.slice(0, 4));
  });
});
