/**
 * The owner's Page dialog in the web app (issue 17): the album's page as designed offline before
 * anything is stored, the headline rewritten and saved, "Design again" followed through the real queue
 * and worker until done, the owner's headline kept. Axe finds nothing in the dialog; the page logs no
 * error; closing it hands focus back.
 */
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  accessibilityViolations,
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
} from './support/browser.ts';
import { organizedLibrary, signInOnPage } from './support/signed-in.ts';

let harness: Harness;
let browser: RunningBrowser;
const errors: string[] = [];

describeInBrowser('album page dialog', () => {
  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    browser.page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const files = await Promise.all(
      [0, 1, 2].map(async (i) => ({
        name: `picnic-${i}.jpg`,
        contentType: 'image/jpeg',
        bytes: await makeJpeg({ width: 320, height: 240, takenAt: new Date(Date.UTC(2026, 6, 4, 12 + i)) }),
      })),
    );
    const { token, ids } = await organizedLibrary(harness, 'paige', files);
    const created = await harness.api('/api/albums', {
      token,
      body: { title: 'Picnic', imageIds: [...ids.values()] },
    });
    expect(created.status).toBe(201);
    await signInOnPage(browser.page, harness, 'paige');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('shows the page, saves the headline, designs again and keeps it', async () => {
    const page = browser.page;
    await page.getByRole('link', { name: 'Picnic' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Picnic' }).waitFor();
    const opener = page.getByRole('button', { name: 'Page…' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Page of “Picnic”' });
    await dialog
      .getByText('Designed from the photos’ dates and places (not saved yet).')
      .waitFor({ timeout: 30_000 });
    expect(await dialog.getByLabel('Headline').inputValue()).toBe('Picnic');
    expect(await accessibilityViolations(page)).toEqual([]);

    await dialog.getByLabel('Headline').fill('Our picnic by the river');
    await dialog.getByRole('button', { name: 'Save text' }).click();
    await dialog.getByText('Saved. Designing the page again keeps your words.').waitFor();
    await dialog.getByText('Designed from the photos’ dates and places.', { exact: true }).waitFor();

    await dialog.getByRole('button', { name: 'Design again' }).click();
    // Queued: the button says so (and is disabled) until the followed design is done.
    await dialog.getByRole('button', { name: 'Designing…' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Designing…' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Design again' }).waitFor({ timeout: 60_000 });
    expect(await dialog.getByRole('button', { name: 'Design again' }).isEnabled()).toBe(true);
    expect(await dialog.getByLabel('Headline').inputValue()).toBe('Our picnic by the river');
    const stored = await harness.app.http.db
      .selectFrom('album_pages')
      .select(['status', 'designed_at'])
      .execute();
    expect(stored).toEqual([{ status: 'idle', designed_at: expect.any(Date) }]);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The page as a link shows it, in a sandboxed frame without scripts (axe cannot look into it).
    await dialog.getByText('Preview the page').click();
    await page
      .frameLocator('.page-dialog iframe')
      .getByRole('heading', { level: 1, name: 'Our picnic by the river' })
      .waitFor({ timeout: 30_000 });

    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expect(await opener.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(errors).toEqual([]);
  });
});
