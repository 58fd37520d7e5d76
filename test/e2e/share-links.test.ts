/**
 * Share links end to end on the local runtime: the owner makes, lists and revokes links; the public
 * page (HTML) and its data (JSON) open with the token and nothing else; every token that opens nothing
 * — made up, malformed, expired, revoked, of a deleted album — is the same 404; originals only when
 * the link allows them; photos in the Trash never show.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 180_000);
afterAll(() => harness?.stop());

/** A new user with one organized album of `count` photos. */
async function userWithAlbum(name: string, count = 3) {
  const user = await harness.signIn(`${name}-${randomUUID().slice(0, 8)}`);
  const files = await Promise.all(
    Array.from({ length: count }, async (_, index) => ({
      name: `${name}-${index}.jpg`,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 320,
        height: 240,
        takenAt: new Date(Date.UTC(2026, 4, 2, 10 + index)),
        color: ['#3366cc', '#aa5522', '#22aa55', '#888888'][index % 4] as string,
      }),
    })),
  );
  const keys = await uploadFiles(harness, user.token, files);
  const started = await harness.api('/api/galleries/process', {
    token: user.token,
    body: { imageKeys: keys },
  });
  const job = await waitForJob(harness, user.token, started.body.jobId);
  if (job.status !== 'completed') throw new Error(`job ${job.status}: ${job.error}`);
  const albums = (await harness.api('/api/galleries/me', { token: user.token })).body.albums;
  const album = albums.find((candidate: any) => candidate.photoCount === count);
  if (!album) throw new Error(`no album of ${count} photos`);
  return { ...user, album };
}

async function share(token: string, albumId: string, body: Record<string, unknown> = {}) {
  const created = await harness.api(`/api/albums/${albumId}/links`, { token, body });
  expect(created.status).toBe(201);
  return created.body;
}

/** GET a public path with no session, as a stranger's browser would. */
async function open(path: string) {
  const response = await fetch(`${harness.app.url}${path}`);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const sharedHeaders = (headers: Headers) => ({
  robots: headers.get('x-robots-tag'),
  referrer: headers.get('referrer-policy'),
  cache: headers.get('cache-control'),
});

describe('share links', () => {
  let ana: Awaited<ReturnType<typeof userWithAlbum>>;

  beforeAll(async () => {
    ana = await userWithAlbum('ana');
  }, 180_000);

  it('makes a link whose page and data open without a session, and lists it without its token', async () => {
    const link = await share(ana.token, ana.album.id, { expiresInDays: 7 });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`${harness.app.url}/s/${link.token}`);
    expect(link.allowOriginals).toBe(false);
    const days = (Date.parse(link.expiresAt) - Date.parse(link.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);

    const data = await open(`/api/shared/${link.token}`);
    expect(data.status).toBe(200);
    expect(sharedHeaders(data.headers)).toEqual({
      robots: 'noindex, nofollow',
      referrer: 'no-referrer',
      cache: 'private, no-store',
    });
    const body = JSON.parse(data.text);
    expect(body.title).toBe(ana.album.title);
    expect(body.photos.map((photo: any) => photo.id).sort()).toEqual(
      ana.album.images.map((image: any) => image.id).sort(),
    );
    expect(body.photos.every((photo: any) => photo.originalUrl === null)).toBe(true);
    // Nothing of the owner's beyond the album: no owner id outside the photo URLs, no key fields.
    expect(data.text).not.toContain('storageKey');
    expect(JSON.stringify({ ...body, photos: [] })).not.toContain(ana.userId);
    // The previews load from storage with no session.
    const preview = await fetch(body.photos[0].previewUrl);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/jpeg');

    const page = await open(link.url.replace(harness.app.url, ''));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(sharedHeaders(page.headers)).toEqual(sharedHeaders(data.headers));
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('script-src');
    expect(page.text).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(page.text).not.toMatch(/<script/i);
    for (const photo of body.photos) expect(page.text).toContain(`/photos/${photo.id}/`);

    const listed = await harness.api(`/api/albums/${ana.album.id}/links`, { token: ana.token });
    expect(listed.status).toBe(200);
    const entry = listed.body.links.find((candidate: any) => candidate.id === link.id);
    expect(entry).toMatchObject({ state: 'active', revokedAt: null, allowOriginals: false });
    expect(entry.lastOpenedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(link.token);
  });

  it('offers originals, as downloads, only when the link allows them', async () => {
    const link = await share(ana.token, ana.album.id, { allowOriginals: true });
    const body = JSON.parse((await open(`/api/shared/${link.token}`)).text);
    for (const photo of body.photos) {
      const url = new URL(photo.originalUrl);
      expect(url.pathname).toMatch(/\/original\.jpg$/);
      expect(url.searchParams.get('response-content-disposition')).toMatch(
        /^attachment; filename="ana-\d\.jpg"/,
      );
    }
    const page = await open(`/s/${link.token}`);
    expect(page.text.match(/Download original/g)).toHaveLength(body.photos.length);
  });

  it('answers the same 404 for made-up, malformed, revoked, expired and deleted-album tokens', async () => {
    const revoked = await share(ana.token, ana.album.id);
    const revoke = () =>
      harness.api(`/api/albums/${ana.album.id}/links/${revoked.id}`, { method: 'DELETE', token: ana.token });
    expect((await revoke()).status).toBe(204);
    expect((await revoke()).status).toBe(204); // idempotent

    const expired = await share(ana.token, ana.album.id);
    await sql`update share_links set expires_at = now() - interval '1 second' where id = ${expired.id}`.execute(
      harness.app.http.db,
    );

    const bea = await userWithAlbum('bea', 2);
    const deleted = await share(bea.token, bea.album.id);
    expect((await open(`/s/${deleted.token}`)).status).toBe(200);
    expect(
      (await harness.api(`/api/albums/${bea.album.id}`, { method: 'DELETE', token: bea.token })).status,
    ).toBe(200);

    const tokens = [
      revoked.token,
      expired.token,
      deleted.token,
      'A'.repeat(43),
      'x',
      '..%2F..%2Fapi%2Fhealth',
      '%00',
      encodeURIComponent('<script>alert(1)</script>'),
      'B'.repeat(2000),
    ];
    const pages = await Promise.all(tokens.map((token) => open(`/s/${token}`)));
    const datas = await Promise.all(tokens.map((token) => open(`/api/shared/${token}`)));
    const shape = (answer: { status: number; headers: Headers; text: string }) => ({
      status: answer.status,
      text: answer.text,
      headers: [...answer.headers.entries()].filter(([name]) => !['date', 'content-length'].includes(name)),
    });
    for (const answers of [pages, datas]) {
      expect(answers[0]?.status).toBe(404);
      for (const answer of answers) expect(shape(answer)).toEqual(shape(answers[0] as (typeof answers)[0]));
    }
    expect(pages[0]?.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(sharedHeaders(pages[0]?.headers as Headers).robots).toBe('noindex, nofollow');
    expect(JSON.parse(datas[0]?.text as string)).toEqual({
      error: { code: 'not_found', message: 'shared album not found' },
    });

    // Restoring the album does not revive its links: sharing again is a deliberate act.
    expect(
      (await harness.api(`/api/albums/${bea.album.id}/restore`, { method: 'POST', token: bea.token })).status,
    ).toBe(200);
    expect((await open(`/s/${deleted.token}`)).status).toBe(404);
    const beaLinks = await harness.api(`/api/albums/${bea.album.id}/links`, { token: bea.token });
    expect(beaLinks.body.links.map((link: any) => link.state)).toEqual(['revoked']);
    const states = (await harness.api(`/api/albums/${ana.album.id}/links`, { token: ana.token })).body.links;
    expect(states.find((link: any) => link.id === expired.id).state).toBe('expired');
    expect(states.find((link: any) => link.id === revoked.id).state).toBe('revoked');
  });

  it('never shows a photo in the Trash', async () => {
    const link = await share(ana.token, ana.album.id);
    const [trashed, ...kept] = ana.album.images;
    expect(
      (await harness.api(`/api/images/${trashed.id}`, { method: 'DELETE', token: ana.token })).status,
    ).toBe(200);
    try {
      const body = JSON.parse((await open(`/api/shared/${link.token}`)).text);
      expect(body.photos.map((photo: any) => photo.id).sort()).toEqual(
        kept.map((image: any) => image.id).sort(),
      );
      const page = await open(`/s/${link.token}`);
      expect(page.text).not.toContain(trashed.id);
      expect(JSON.stringify(body)).not.toContain(trashed.id);
    } finally {
      await harness.api('/api/images/restore', { token: ana.token, body: { imageIds: [trashed.id] } });
    }
  });

  it('keeps links to their owner and checks what the owner asks for', async () => {
    const cleo = await harness.signIn(`cleo-${randomUUID().slice(0, 8)}`);
    const link = await share(ana.token, ana.album.id);
    for (const [method, path] of [
      ['POST', `/api/albums/${ana.album.id}/links`],
      ['GET', `/api/albums/${ana.album.id}/links`],
      ['DELETE', `/api/albums/${ana.album.id}/links/${link.id}`],
      ['GET', `/api/albums/${ana.album.id}/page/preview`],
    ] as const) {
      const answer = await harness.api(path, {
        method,
        token: cleo.token,
        ...(method === 'POST' ? { body: {} } : {}),
      });
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    }
    expect((await open(`/s/${link.token}`)).status).toBe(200);

    for (const expiresInDays of [0, 366, 1.5, '30']) {
      const answer = await harness.api(`/api/albums/${ana.album.id}/links`, {
        token: ana.token,
        body: { expiresInDays },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
    }
    const unknown = await harness.api(`/api/albums/${ana.album.id}/links`, {
      token: ana.token,
      body: { token: 'x' },
    });
    expect(unknown.status).toBe(400);
    const badLink = await harness.api(`/api/albums/${ana.album.id}/links/nope`, {
      method: 'DELETE',
      token: ana.token,
    });
    expect(badLink.body.error.code).toBe('invalid_link_id');
  });

  it("shows the album's page design, the owner's own words included, escaped", async () => {
    const link = await share(ana.token, ana.album.id);
    const design = await harness.api(`/api/albums/${ana.album.id}/page`, { token: ana.token });
    expect(design.status).toBe(200);
    const headline = 'Our <b>days</b> "by the sea"';
    const edited = await harness.api(`/api/albums/${ana.album.id}/page`, {
      method: 'PATCH',
      token: ana.token,
      body: { headline, introduction: 'Three & a half days.' },
    });
    expect(edited.status).toBe(200);
    const body = JSON.parse((await open(`/api/shared/${link.token}`)).text);
    expect(body.page).toEqual(edited.body.spec);
    const page = await open(`/s/${link.token}`);
    expect(page.text).toContain('<h1>Our &lt;b&gt;days&lt;/b&gt; &quot;by the sea&quot;</h1>');
    expect(page.text).toContain('<p class="page-intro">Three &amp; a half days.</p>');
    expect(page.text).toContain(`layout-${edited.body.spec.layout}`);
  });

  it('shows the owner a preview of the page with the same template', async () => {
    const preview = await harness.api(`/api/albums/${ana.album.id}/page/preview`, { token: ana.token });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(preview.body).toContain('<body class="album-page');
    expect(preview.body).not.toMatch(/<script/i);
  });
});
