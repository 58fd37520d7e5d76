/**
 * The job summary in the web app, with the model (the strict fake Gemini server behind a key): what
 * the job cost, and why the offline organizer stepped in when the model could not be used.
 */
import { type FakeGemini, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
  seriousAccessibilityViolations,
} from './support/browser.ts';
import { type PhotoFiles, writePortoWeekend } from './support/photo-files.ts';

let harness: Harness;
let browser: RunningBrowser;
let photos: PhotoFiles;
let nextWeekend: PhotoFiles | undefined;
let gemini: FakeGemini;

describeInBrowser('the job summary', () => {
  beforeAll(async () => {
    gemini = await startFakeGemini({ apiKey: 'browser-key' });
    [harness, browser, photos] = await Promise.all([
      startHarness({
        ORGANIZER: 'gemini',
        GEMINI_API_KEY: 'browser-key',
        GEMINI_BASE_URL: gemini.url,
        GEMINI_MAX_ATTEMPTS: '1',
      }),
      launchBrowser(),
      writePortoWeekend(),
    ]);
    const page = browser.page;
    await page.goto(harness.app.url);
    await page.getByLabel('Username').fill('cleo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await photos?.remove();
    await nextWeekend?.remove();
    await gemini?.stop();
  });

  async function organizeOnce(files = photos) {
    const page = browser.page;
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.locator('#file-input').setInputFiles(files.paths);
    await page.getByText(`${files.paths.length} of ${files.paths.length} photos uploaded`).waitFor();
    await page.getByRole('button', { name: `Organize ${files.paths.length} photos` }).click();
    await page.locator('[data-job-status="completed"]').waitFor({ timeout: 60_000 });
    return (await page.locator('.job-summary').allTextContents()).join('\n');
  }

  it('shows the tokens the model call was billed and its estimated cost', async () => {
    const summary = await organizeOnce();
    expect(summary).toMatch(/^Model: [\d,]+ tokens in, [\d,]+ out \(0 thinking\), about \$0\.\d{4}\.$/m);
    // The PNG carries no EXIF date: its date came from the file's time the browser sent.
    expect(summary).toMatch(/^Dates: 3 from the camera, 1 from the file’s time\.$/m);
    expect(await seriousAccessibilityViolations(browser.page)).toEqual([]);
  });

  it('says why the offline organizer made the albums when the model could not', async () => {
    await browser.page.getByRole('button', { name: 'Upload more photos' }).click();
    // Another user: for cleo these photos are now "already in your library", and would not be sent again.
    await browser.page.getByRole('button', { name: 'Sign out' }).click();
    await browser.page.getByLabel('Username').fill('cleo-again');
    await browser.page.getByRole('button', { name: 'Sign in' }).click();
    await browser.page.getByText('Signed in as cleo-again').waitFor();
    gemini.respondWith({ kind: 'error', status: 503 });
    // Another weekend: the same files again would be rejected as already in the library.
    nextWeekend = await writePortoWeekend(1);
    const summary = await organizeOnce(nextWeekend);
    expect(summary).toContain('Organized offline: the model could not be used this time');
    // Google's error text stays in the job's record, not in front of the person organizing photos.
    expect(summary).not.toContain('503');
  });
});
