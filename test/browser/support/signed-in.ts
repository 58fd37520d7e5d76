/**
 * The steps most browser tests start with: a user's photos uploaded and organized through the API (as
 * a client would, quicker than through the page), then the same user signed in on the page.
 */
import type { Page, Request } from 'playwright-core';
import { type Harness, uploadFiles, waitForJob } from '../../support/local-app-harness.ts';

export interface OrganizedLibrary {
  token: string;
  /** Photo ids by file name. */
  ids: Map<string, string>;
}

/** Signs `username` in through the API, uploads `files`, organizes them in one job and names the photo ids. */
export async function organizedLibrary(
  harness: Harness,
  username: string,
  files: { name: string; contentType: string; bytes: Buffer }[],
): Promise<OrganizedLibrary> {
  const { token } = await harness.signIn(username);
  const keys = await uploadFiles(harness, token, files);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  const job = await waitForJob(harness, token, started.body.jobId);
  if (job.status !== 'completed') throw new Error(`job ${job.status}: ${job.error}`);
  const ids = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const { body } = await harness.api(`/api/images?limit=100${query}`, { token });
    for (const image of body.images) ids.set(image.originalFilename, image.id);
    cursor = body.nextCursor;
  } while (cursor);
  return { token, ids };
}

/** Signs `username` in on the page with the local sign-in form and waits for their albums. */
export async function signInOnPage(page: Page, harness: Harness, username: string): Promise<void> {
  await page.goto(harness.app.url);
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();
}

/**
 * File names by storage key, from the page's answers to generate-urls (a PUT carries only the key):
 * filled in as the page asks, for tests that count what was sent per file.
 */
export function recordFileNamesOfKeys(page: Page): Map<string, string> {
  const names = new Map<string, string>();
  page.on('response', async (response) => {
    if (!response.url().endsWith('/api/uploads/generate-urls') || !response.ok()) return;
    const { uploads } = await response.json();
    const { files } = response.request().postDataJSON();
    uploads.forEach((upload: { key: string }, index: number) => {
      names.set(upload.key, files[index].name);
    });
  });
  return names;
}

/**
 * The name of the file a storage PUT carries, from `names` (recordFileNamesOfKeys). Its answer to
 * generate-urls reached the page before the PUT left, but the test's own listener may still be reading
 * it: wait for it (up to 10 s, for a loaded machine) rather than take the PUT for no file's.
 */
export async function fileNameOfPutIn(
  names: Map<string, string>,
  request: Request,
): Promise<string | undefined> {
  const path = decodeURIComponent(new URL(request.url()).pathname);
  for (let wait = 0; wait < 500; wait++) {
    for (const [key, name] of names) if (path.endsWith(key)) return name;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

/**
 * A fresh page signed in as a new user `username` (through the API, the session put where the page
 * keeps it), on the upload screen: the upload queue and organizer live as long as the page does, and
 * photos a previous case uploaded would be "already in your library" for the same user.
 */
export async function freshUploadPage(page: Page, harness: Harness, username: string): Promise<string> {
  const { token } = await harness.signIn(username);
  await page.evaluate((session) => sessionStorage.setItem('momentarium.session', JSON.stringify(session)), {
    mode: 'local',
    token,
    username,
    expiresAt: Date.now() + 3_600_000,
  });
  await page.goto('about:blank');
  await page.goto(`${harness.app.url}/#/upload`);
  await page.getByRole('heading', { level: 1, name: 'Upload photos' }).waitFor();
  return token;
}
