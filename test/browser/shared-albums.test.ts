/**
 * Sharing an album with a member in the web app (issue 17): Alice invites Bob as a contributor from
 * her album's Members dialog; Bob, in a second browser, accepts under Shared with me, opens the album,
 * adds a photo of his own and takes it out again; Alice sees it in her album meanwhile. Axe finds
 * nothing on any of these screens, and neither page logs an error.
 */
import type { Page } from 'playwright-core';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { seedReadyPhotos } from '../support/seed-photos.ts';
import {
  accessibilityViolations,
  describeInBrowser,
  launchBrowser,
  type RunningBrowser,
} from './support/browser.ts';
import { signInOnPage } from './support/signed-in.ts';

let harness: Harness;
let alicesBrowser: RunningBrowser;
let bobsBrowser: RunningBrowser;
let alice: Page;
let bob: Page;
let albumId: string;
let bobsPhoto: string;

const day = (n: number) => new Date(Date.UTC(2026, 4, n, 12));
const tiles = (page: Page) => page.locator('main li.photo-tile');
const tileIds = (page: Page) =>
  tiles(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-photo-id')));

describeInBrowser('shared albums', () => {
  beforeAll(async () => {
    [harness, alicesBrowser, bobsBrowser] = await Promise.all([
      startHarness({}, { background: false }),
      launchBrowser(),
      launchBrowser(),
    ]);
    alice = alicesBrowser.page;
    bob = bobsBrowser.page;
    const a = await harness.signIn('alice');
    const seeded = await seedReadyPhotos(
      harness.app,
      a.userId,
      [1, 2].map((n) => ({ takenAt: day(n), width: 160, height: 120 })),
      { albumTitle: 'Picnic' },
    );
    albumId = seeded.albumId as string;
    const b = await harness.signIn('bob');
    bobsPhoto = (await seedReadyPhotos(harness.app, b.userId, [{ takenAt: day(9), width: 160, height: 120 }]))
      .ids[0] as string;
    await Promise.all([signInOnPage(alice, harness, 'alice'), signInOnPage(bob, harness, 'bob')]);
  });
  afterAll(async () => {
    await alicesBrowser?.close();
    await bobsBrowser?.close();
    await harness?.stop();
  });

  it('the owner invites by username from the Members dialog', async () => {
    await alice.getByRole('link', { name: 'Picnic' }).click();
    await alice.getByRole('heading', { level: 1, name: 'Picnic' }).waitFor();
    await alice.getByRole('button', { name: 'Share with people…' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Share “Picnic”' });
    await dialog.getByLabel('Username').fill('bob');
    await dialog.getByLabel('Role').selectOption('contributor');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await dialog.getByText('bob — contributor, invited').waitFor();
    expect(await accessibilityViolations(alice)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await alice.locator('dialog[open]').count()).toBe(0);
  });

  it('the invitee accepts under Shared with me and opens the album', async () => {
    await bob.locator('#nav').getByRole('link', { name: 'Shared with me' }).click();
    await bob.getByRole('heading', { level: 1, name: 'Shared with me' }).waitFor();
    await bob.getByText('invited you to “Picnic”').waitFor();
    expect(await accessibilityViolations(bob)).toEqual([]);
    await bob.getByRole('button', { name: 'Accept the invitation to Picnic' }).click();
    await bob.getByRole('link', { name: 'Picnic' }).click();
    await bob.getByRole('heading', { level: 1, name: 'Picnic' }).waitFor();
    await bob.getByText('Shared by alice').waitFor();
    expect(await tiles(bob).count()).toBe(2);
    expect(await accessibilityViolations(bob)).toEqual([]);
  });

  it('a contributor adds a photo of their own; the owner sees it in her album', async () => {
    await bob.getByRole('button', { name: 'Add your photos' }).click();
    const picker = bob.getByRole('dialog', { name: 'Add your photos' });
    expect(await accessibilityViolations(bob)).toEqual([]);
    await picker.getByRole('checkbox').check();
    await picker.getByRole('button', { name: 'Add' }).click();
    await tiles(bob).nth(2).waitFor();
    expect(await tileIds(bob)).toContain(bobsPhoto);

    await alice.reload();
    await alice.getByRole('heading', { level: 1, name: 'Picnic' }).waitFor();
    await tiles(alice).nth(2).waitFor();
    expect(await tileIds(alice)).toContain(bobsPhoto);
    const album = await harness.api(`/api/albums/${albumId}/members`, {
      token: (await harness.signIn('alice')).token,
    });
    expect(album.body.members.map((member: any) => [member.displayName, member.status])).toEqual([
      ['bob', 'accepted'],
    ]);
  });

  it('a contributor takes their own photo out (only their own offer it)', async () => {
    const removes = bob.getByRole('button', { name: /^Remove your/ });
    expect(await removes.count()).toBe(1);
    await removes.click();
    await bob.locator('main .notice', { hasText: 'Your photo was taken out of the album' }).waitFor();
    expect(await tiles(bob).count()).toBe(2);
    expect(await tileIds(bob)).not.toContain(bobsPhoto);
    expect(alicesBrowser.problems).toEqual([]);
    expect(bobsBrowser.problems).toEqual([]);
  });
});
