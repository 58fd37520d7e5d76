/**
 * A photo home in the browser: a second upload joins the album of the first (the offline organizer:
 * the same weekend in Porto), the page says so in words, and Undo takes the new photos back out of the
 * album while they stay in the library.
 */
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { describeInBrowser, launchBrowser, type RunningBrowser } from './support/browser.ts';
import { type PhotoFiles, writePortoSunday, writePortoWeekend } from './support/photo-files.ts';

let harness: Harness;
let browser: RunningBrowser;
let weekend: PhotoFiles;
let sunday: PhotoFiles;

describeInBrowser('a second upload', () => {
  beforeAll(async () => {
    [harness, browser, weekend, sunday] = await Promise.all([
      startHarness(),
      launchBrowser(),
      writePortoWeekend(),
      writePortoSunday(),
    ]);
    const page = browser.page;
    await page.goto(harness.app.url);
    await page.getByLabel('Username').fill('dina');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await weekend?.remove();
    await sunday?.remove();
  });

  async function organize(paths: string[]) {
    const page = browser.page;
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.locator('#file-input').setInputFiles(paths);
    await page.getByText(`${paths.length} of ${paths.length} photos uploaded`).waitFor();
    await page.getByRole('button', { name: `Organize ${paths.length} photos` }).click();
    const status = page.locator('main [data-job-status="completed"]');
    await status.waitFor({ timeout: 60_000 });
    return status.textContent();
  }

  it('joins the first upload’s album, says so, and Undo takes the photos back out', async () => {
    const page = browser.page;
    expect(await organize(weekend.paths)).toBe('Done: 2 new albums.');
    await page.getByRole('button', { name: 'Upload more photos' }).click();

    const said = await organize(sunday.paths);
    expect(said).toMatch(/^Done: 2 photos added to “.+”\.$/);
    const title = said?.match(/“(.+)”/)?.[1] as string;
    const albums = async () =>
      (await harness.api('/api/galleries/me', { token: await tokenOf(page) })).body.albums;
    const joined = (await albums()).find((album: any) => album.title === title);
    expect(joined.images.map((image: any) => image.originalFilename)).toEqual([
      'ribeira.jpg',
      'bridge.jpg',
      'tram.jpg',
      'cais.jpg',
      'sunset.jpg',
    ]);

    await page.getByRole('button', { name: /^Undo/ }).click();
    await page
      .locator('main')
      .getByText(/^Undone: this upload’s albums and placements were taken back/)
      .waitFor();
    const after = (await albums()).find((album: any) => album.title === title);
    expect(after.images.map((image: any) => image.originalFilename)).toEqual([
      'ribeira.jpg',
      'bridge.jpg',
      'tram.jpg',
    ]);
    await page.getByRole('link', { name: 'Library' }).click();
    // The photo stays in the library (tiles carry ids, not file names).
    const library = (await harness.api('/api/images?limit=100', { token: await tokenOf(page) })).body.images;
    const sunsetId = library.find((image: any) => image.originalFilename === 'sunset.jpg').id;
    await page.locator(`main li.photo-tile[data-photo-id="${sunsetId}"] img`).waitFor();
  });
});

/** The session token the page signed in with (what the app sends as its Bearer token). */
async function tokenOf(page: RunningBrowser['page']): Promise<string> {
  return page.evaluate(() => {
    for (const storage of [sessionStorage, localStorage])
      for (let i = 0; i < storage.length; i++) {
        const value = storage.getItem(storage.key(i) as string) ?? '';
        const match = value.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
        if (match) return match[0];
      }
    throw new Error('no token in storage');
  });
}
