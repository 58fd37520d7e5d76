/**
 * The People screen in a real browser, on real faces: a user turns people recognition on in Settings,
 * uploads two photos of the same group through the page (the second a closer crop) and organizes them;
 * People then shows their faces. The user names one (kept after a reload), merges another into them,
 * hides a third (and finds them again under "Show hidden people"), and a person's tile opens the search
 * for their photos, which lists them. What the page shows is checked against what the API then holds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { faceApiSample, leftPart } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  accessibilityViolations,
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
  screenshot,
} from './support/browser.ts';

let harness: Harness;
let browser: RunningBrowser;
let page: Page;
let folder: string;
let paths: string[];

const main = () => page.locator('main');
const tiles = () => main().locator('li.person');
const tileOf = (personId: string) => main().locator(`li.person[data-person-id="${personId}"]`);

async function token(): Promise<string> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('momentarium.session') ?? '{}').token);
}
async function people(): Promise<any[]> {
  const { body } = await harness.api('/api/people', { token: await token() });
  return body.people;
}
async function announced(text: string) {
  await page.locator('#announcer', { hasText: text }).waitFor();
}

describeInBrowser('people', () => {
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'momentarium-people-'));
    const group = await faceApiSample(5);
    paths = [join(folder, 'group.jpg'), join(folder, 'closer.jpg')];
    await writeFile(paths[0] as string, group);
    await writeFile(paths[1] as string, await leftPart(group));
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    page = browser.page;
    await page.goto(harness.app.url);
    await page.getByLabel('Username').fill('petra');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('with recognition off, says so and links to Settings, where it is turned on', async () => {
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await main().getByRole('heading', { level: 2, name: 'People recognition is off' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await main().getByRole('link', { name: 'Turn it on in Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByLabel('Recognise people in my photos').check();
    await main().getByText('On: photos you upload from now on are read for faces.').waitFor();
  });

  it('shows the faces of organized photos, each a tile with a face, a name form and its photo count', async () => {
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.locator('#file-input').setInputFiles(paths);
    await page.getByText('2 of 2 photos uploaded').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Organize 2 photos' }).click();
    await page.locator('main [data-job-status="completed"]').waitFor({ timeout: 90_000 });

    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await tiles().first().waitFor();
    const listed = await people();
    expect(listed.length).toBeGreaterThanOrEqual(4);
    expect(await tiles().count()).toBe(listed.length);
    // Most photos first: the people of both photos lead, and their face is cut from a thumbnail.
    const first = tileOf(listed[0].id);
    await first.getByText('2 photos').waitFor();
    const face = first.locator('.person-face');
    expect(
      await face.evaluate(
        (element) => (element as unknown as { style: { backgroundImage: string } }).style.backgroundImage,
      ),
    ).toContain(listed[0].cover.thumbnailUrl.split('?')[0]);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('names a person with Enter, announces it, and the name is there after a reload', async () => {
    const [first] = await people();
    const input = tileOf(first.id).getByLabel('Name', { exact: true });
    await input.fill('  Ann  ');
    await input.press('Enter');
    await announced('Named Ann.');
    await tileOf(first.id).locator('.person-title', { hasText: 'Ann' }).waitFor();
    expect((await people()).find((person) => person.id === first.id).name).toBe('Ann');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await tileOf(first.id)
      .getByRole('link', { name: /^Ann 2 photos/ })
      .waitFor();
    expect(await tileOf(first.id).getByLabel('Name', { exact: true }).inputValue()).toBe('Ann');
    await screenshot(page, 'people');
  });

  it('merges another person into Ann through the keyboard-usable "Merge into…" dialog', async () => {
    const before = await people();
    const ann = before.find((person) => person.name === 'Ann');
    const other = before.find((person) => person.id !== ann.id);
    await tileOf(other.id)
      .getByRole('button', { name: /^Merge .+ into…$/ })
      .click();
    const dialog = page.getByRole('dialog', { name: /^Merge .+ into…$/ });
    await dialog.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // By keyboard: Space picks Ann, Enter on Merge merges.
    await dialog.getByRole('radio', { name: /^Ann · 2 photos/ }).focus();
    await page.keyboard.press('Space');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await announced('Merged. Ann now has');

    const after = await people();
    expect(after.map((person) => person.id)).not.toContain(other.id);
    expect(after).toHaveLength(before.length - 1);
    expect(after.find((person) => person.id === ann.id).name).toBe('Ann');
    expect(await tiles().count()).toBe(after.length);
    await expect(tileOf(other.id).count()).resolves.toBe(0);
  });

  it('hides a person, and "Show hidden people" brings them back to show again', async () => {
    const listed = await people();
    const hidden = listed.find((person) => person.name !== 'Ann');
    await tileOf(hidden.id)
      .getByRole('button', { name: /^Hide / })
      .click();
    await announced('is hidden');
    await tileOf(hidden.id).waitFor({ state: 'detached' });
    expect((await people()).find((person) => person.id === hidden.id).hidden).toBe(true);

    const toggle = main().getByLabel('Show hidden people (1)');
    await toggle.check();
    await tileOf(hidden.id).getByText('hidden', { exact: false }).first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await tileOf(hidden.id)
      .getByRole('button', { name: /^Show / })
      .click();
    await announced('is shown again');
    expect((await people()).find((person) => person.id === hidden.id).hidden).toBe(false);
  });

  it("a person's tile opens the search for their photos", async () => {
    const ann = (await people()).find((person) => person.name === 'Ann');
    await tileOf(ann.id).getByRole('link', { name: /^Ann / }).click();
    await page.waitForURL((url) => url.hash === `#/search?person=${ann.id}`);
    expect(new URL(page.url()).hash).toBe(`#/search?person=${ann.id}`);
    // The search screen (issue 18 part 7) lists Ann's photos: she is in both.
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    const { body } = await harness.api('/api/images?limit=100', { token: await token() });
    expect(body.images).toHaveLength(2);
    for (const image of body.images)
      await main().locator(`li.photo-tile[data-photo-id="${image.id}"]`).waitFor();
    expect(await main().locator('li.photo-tile').count()).toBe(2);
  });
});
