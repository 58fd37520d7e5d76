/**
 * Sharing an album by link, in real browsers: the owner makes a link from the album view's Share
 * dialog and copies it; a second browser with no session opens it and sees that album only, its
 * photos loaded, no script run (the page's CSP refuses even one slipped into it); after the owner
 * revokes the link, the same URL is the 404 page. The dialog and the shared page have no axe violations.
 */
import type { Page } from 'playwright-core';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  accessibilityViolations,
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
} from './support/browser.ts';
import { organizedLibrary, signInOnPage } from './support/signed-in.ts';

declare const document: any;

let harness: Harness;
let owner: RunningBrowser;
let stranger: RunningBrowser;
let page: Page;
let token: string;
let harbourId: string;
/** The owner's other album: the shared page must not reveal it. */
let otherTitle: string;
const HOSTILE_TITLE = 'Harbour <img src=x onerror="document.title=1">';

async function prepare() {
  const colors = ['#cc3333', '#33cc33', '#3333cc', '#cccc33'];
  const files = await Promise.all(
    colors.map(async (color, index) => ({
      name: `harbour-${index}.jpg`,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 160,
        height: 120,
        color,
        takenAt: new Date(Date.UTC(2026, 6, 1 + index, 12)),
      }),
    })),
  );
  const library = await organizedLibrary(harness, 'sasha', files);
  token = library.token;
  const ids = [...library.ids.values()];
  const harbour = await harness.api('/api/albums', {
    token,
    body: { title: HOSTILE_TITLE, imageIds: ids.slice(0, 3) },
  });
  harbourId = harbour.body.id;
  otherTitle = 'Secret garden';
  await harness.api('/api/albums', { token, body: { title: otherTitle, imageIds: ids.slice(3) } });
}

describeInBrowser('sharing an album by link', () => {
  beforeAll(async () => {
    [harness, owner, stranger] = await Promise.all([startHarness(), launchBrowser(), launchBrowser()]);
    page = owner.page;
    await prepare();
    await signInOnPage(page, harness, 'sasha');
  });
  afterAll(async () => {
    await owner?.close();
    await stranger?.close();
    await harness?.stop();
  });

  let url: string;

  it('makes a link from the album view, shown once to copy, and lists it', async () => {
    await page.goto(`${harness.app.url}/#/albums/${harbourId}`);
    await page.getByRole('heading', { level: 1, name: HOSTILE_TITLE }).waitFor();
    await page.getByRole('button', { name: 'Share…' }).click();
    const dialog = page.getByRole('dialog', { name: `Share “${HOSTILE_TITLE}”` });
    await dialog.waitFor();
    await dialog.getByLabel('Link expires after').selectOption('7');
    await dialog.getByLabel('Allow downloading originals').check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const field = dialog.getByLabel('New link');
    await field.waitFor();
    url = await field.inputValue();
    expect(url).toMatch(new RegExp(`^${harness.app.url}/s/[A-Za-z0-9_-]{43}$`));
    await dialog
      .getByText(/^Active/)
      .first()
      .waitFor();
    await dialog
      .locator('.share-link')
      .getByText(/originals allowed/)
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The owner's preview shows the same page inside the dialog.
    await dialog.getByText('Preview the page').click();
    const preview = page.frameLocator('.page-preview iframe');
    await preview.getByRole('heading', { level: 1, name: HOSTILE_TITLE }).waitFor();
    // Closed, the preview goes (axe cannot look into a sandboxed frame without scripts: the stranger's
    // visit below checks the same page on its own).
    await dialog.getByText('Preview the page').click();
    // <details> fires its toggle event as a task after the click (CI counted the frame before it).
    await dialog.locator('.page-preview iframe').waitFor({ state: 'detached' });
    expect(await dialog.locator('.page-preview iframe').count()).toBe(0);
    expect(owner.problems).toEqual([]);
  });

  it('opens for a stranger with no session: that album only, photos loaded, no script', async () => {
    const visitor = stranger.page;
    const response = await visitor.goto(url);
    expect(response?.status()).toBe(200);
    await visitor.getByRole('heading', { level: 1, name: HOSTILE_TITLE }).waitFor();
    expect(await visitor.title()).toBe(HOSTILE_TITLE);
    const images = visitor.locator('main img');
    expect(await images.count()).toBe(3);
    // Every photo really loaded from storage (not a broken image).
    await visitor.waitForFunction(() =>
      [...document.querySelectorAll('main img')].every((img: any) => img.naturalWidth > 0),
    );
    expect(await visitor.getByRole('link', { name: 'Download original' }).count()).toBe(3);
    const text = await visitor.locator('body').textContent();
    expect(text).not.toContain(otherTitle);
    expect(await visitor.locator('a[href^="/"], a[href*="#/"]').count()).toBe(0);
    expect(await accessibilityViolations(visitor)).toEqual([]);
    expect(stranger.problems).toEqual([]);

    // Even a script slipped into the page would not run: its CSP allows none.
    await visitor.route(url, async (route) => {
      const original = await route.fetch();
      const body = (await original.text()).replace('</body>', '<script>document.title="ran"</script></body>');
      await route.fulfill({ response: original, body });
    });
    await visitor.goto(url);
    await visitor.getByRole('heading', { level: 1, name: HOSTILE_TITLE }).waitFor();
    expect(await visitor.title()).toBe(HOSTILE_TITLE);
    expect(stranger.problems.some((problem) => /Content Security Policy/i.test(problem))).toBe(true);
    await visitor.unroute(url);
    stranger.problems.length = 0;
  });

  it('is a 404 page at the same URL once the owner revokes it', async () => {
    const dialog = page.getByRole('dialog', { name: `Share “${HOSTILE_TITLE}”` });
    await dialog.getByRole('button', { name: /^Revoke the link/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this link?' });
    await confirm.getByRole('button', { name: 'Revoke link' }).click();
    await dialog.getByText(/^Revoked/).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Share…' }).waitFor();
    expect(owner.problems).toEqual([]);

    const visitor = stranger.page;
    const response = await visitor.goto(url);
    expect(response?.status()).toBe(404);
    await visitor.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor();
    expect(await visitor.locator('img').count()).toBe(0);
    expect(await accessibilityViolations(visitor)).toEqual([]);
    // The 404 itself is a console error the browser logs; nothing else is.
    expect(stranger.problems.filter((problem) => !/404/.test(problem))).toEqual([]);
  });
});
