/**
 * An album's page through the running app with no model key: the offline design shown before anything
 * is stored, designing again through the real queue and worker, the owner's headline kept by the next
 * design, one design however often it is asked for, and the page following the album's photos.
 */
import { makeJpeg } from '../fixtures/photos.ts';
import { expectRenderablePage, waitForPage } from '../support/album-page-checks.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;
let token: string;
let albumId: string;
let imageIds: string[];

beforeAll(async () => {
  harness = await startHarness();
  ({ token } = await harness.signIn('paula'));
  const keys = await uploadFiles(
    harness,
    token,
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => ({
        name: `day-${i}.jpg`,
        contentType: 'image/jpeg',
        bytes: await makeJpeg({
          width: 320,
          height: 240,
          takenAt: new Date(Date.UTC(2026, 4, 2 + (i % 2), 9 + i)),
        }),
      })),
    ),
  );
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  await waitForJob(harness, token, started.body.jobId);
  // Into one album of the five, whatever the organizer made of them.
  const created = await harness.api('/api/albums', {
    token,
    body: { title: 'Two days in May', imageIds: [] },
  });
  albumId = created.body.id;
  const gallery = await harness.api('/api/galleries/me', { token });
  imageIds = [
    ...new Set(gallery.body.albums.flatMap((album: any) => album.images.map((image: any) => image.id))),
  ] as string[];
  const added = await harness.api(`/api/albums/${albumId}/images`, { token, body: { imageIds } });
  expect(added.status).toBe(200);
});
afterAll(() => harness?.stop());

describe('album pages', () => {
  it('shows the offline design, by day, before anything is stored', async () => {
    const { status, body } = await harness.api(`/api/albums/${albumId}/page`, { token });
    expect(status).toBe(200);
    expect(body).toMatchObject({ albumId, stored: false, source: 'offline', job: { status: 'idle' } });
    expect(body.spec.headline).toBe('Two days in May');
    expect(body.spec.sections.map((section: any) => section.title)).toEqual([
      'Saturday 2 May',
      'Sunday 3 May',
    ]);
    expectRenderablePage(body, imageIds);
  });

  it('designs the page through the queue and the worker; asking twice queues one design', async () => {
    const first = await harness.api(`/api/albums/${albumId}/page/generate`, { token, method: 'POST' });
    const second = await harness.api(`/api/albums/${albumId}/page/generate`, { token, method: 'POST' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    if (second.body.job.status !== 'idle')
      expect(second.body.job.requestedAt).toBe(first.body.job.requestedAt);
    const page = await waitForPage(harness, token, albumId);
    expect(page).toMatchObject({ stored: true, source: 'offline', job: { status: 'idle', error: null } });
    expect(page.job.designedAt).toEqual(expect.any(String));
    expectRenderablePage(page, imageIds);
  });

  it("keeps the owner's headline and introduction when the page is designed again", async () => {
    const edited = await harness.api(`/api/albums/${albumId}/page`, {
      token,
      method: 'PATCH',
      body: { headline: 'Our <long> weekend', introduction: 'Two days.\nMostly by the sea.' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      headlineEdited: true,
      introductionEdited: true,
      spec: { headline: 'Our <long> weekend', introduction: 'Two days.\nMostly by the sea.' },
    });
    const before = edited.body.job.designedAt;
    await harness.api(`/api/albums/${albumId}/page/generate`, { token, method: 'POST' });
    const page = await waitForPage(harness, token, albumId);
    expect(page.job.designedAt).not.toBe(before);
    expect(page.spec.headline).toBe('Our <long> weekend');
    expect(page.spec.introduction).toBe('Two days.\nMostly by the sea.');
  });

  it('refuses bad edits with a 400 naming the field', async () => {
    for (const body of [
      {},
      { headline: '' },
      { headline: 'x'.repeat(81) },
      { headline: 'a\nb' },
      { layout: 'grid' },
    ]) {
      const response = await harness.api(`/api/albums/${albumId}/page`, { token, method: 'PATCH', body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
    }
  });

  it('follows the album: a photo taken out leaves the page, and a deleted album has none', async () => {
    const [gone] = imageIds;
    await harness.api(`/api/albums/${albumId}/images/remove`, { token, body: { imageIds: [gone] } });
    const page = await harness.api(`/api/albums/${albumId}/page`, { token });
    expectRenderablePage(page.body, imageIds.slice(1));
    await harness.api(`/api/albums/${albumId}`, { token, method: 'DELETE' });
    expect((await harness.api(`/api/albums/${albumId}/page`, { token })).status).toBe(404);
    expect(
      (await harness.api(`/api/albums/${albumId}/page/generate`, { token, method: 'POST' })).status,
    ).toBe(404);
  });
});
