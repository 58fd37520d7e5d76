/**
 * Correcting the albums over HTTP against the local app: rename, cover, move, remove, delete an album,
 * delete a photo for good, and the library. Every route is also tried with another user's ids, made-up
 * ids, malformed ids and bad bodies.
 */
import { randomUUID } from 'node:crypto';
import { makeJpeg, makePng } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;
let ana: { token: string; userId: string };
let bob: { token: string; userId: string };
let bobAlbumId: string;
let bobImageId: string;

const porto = { latitude: 41.1496, longitude: -8.6109 };

/** How many batches were made: each is a pixel wider, so no batch is a duplicate of an earlier one. */
let batches = 0;

async function portoWeekend() {
  const wider = batches++;
  const jpeg = (name: string, takenAt: string, color: string) =>
    makeJpeg({ width: 640 + wider, height: 480, takenAt: new Date(takenAt), gps: porto, color }).then(
      (bytes) => ({
        name,
        contentType: 'image/jpeg',
        bytes,
      }),
    );
  return [
    await jpeg('ribeira.jpg', '2026-05-02T10:00:00Z', '#3366cc'),
    await jpeg('bridge.jpg', '2026-05-02T18:30:00Z', '#aa5522'),
    await jpeg('tram.jpg', '2026-05-03T09:15:00Z', '#22aa55'),
    { name: 'screenshot.png', contentType: 'image/png', bytes: await makePng(320 + wider, 240) },
  ];
}

/** Uploads and organizes a batch for the user, and returns their gallery. */
async function organize(user: { token: string }) {
  const keys = await uploadFiles(harness, user.token, await portoWeekend());
  const started = await harness.api('/api/galleries/process', {
    token: user.token,
    body: { imageKeys: keys },
  });
  const job = await waitForJob(harness, user.token, started.body.jobId);
  if (job.status !== 'completed') throw new Error(`job ${job.status}: ${job.error}`);
  return gallery(user);
}

async function gallery(user: { token: string }): Promise<any[]> {
  const { status, body } = await harness.api('/api/galleries/me', { token: user.token });
  expect(status).toBe(200);
  return body.albums;
}

beforeAll(async () => {
  harness = await startHarness();
  ana = await harness.signIn('ana');
  bob = await harness.signIn('bob');
  const bobAlbums = await organize(bob);
  bobAlbumId = bobAlbums[0].id;
  bobImageId = bobAlbums[0].images[0].id;
});
afterAll(() => harness?.stop());

const notFound = { error: { code: 'not_found', message: expect.any(String) } };

/** Another user's album or photo and an id nobody has must get the very same answer. */
async function expectNotFoundForStrangers(
  request: (ids: { albumId: string; imageId: string }) => Promise<{ status: number; body: any }>,
  own: { albumId: string; imageId: string },
) {
  const attempts = [
    { albumId: bobAlbumId, imageId: own.imageId },
    { albumId: randomUUID(), imageId: own.imageId },
    { albumId: own.albumId, imageId: bobImageId },
    { albumId: own.albumId, imageId: randomUUID() },
  ];
  for (const ids of attempts) {
    const response = await request(ids);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject(notFound);
    expect(JSON.stringify(response.body)).not.toContain(bobAlbumId);
    expect(JSON.stringify(response.body)).not.toContain(bobImageId);
  }
}

describe('PATCH /api/albums/{albumId}', () => {
  let albums: any[];
  beforeAll(async () => {
    albums = await organize(ana);
  });

  it('renames, describes and sets the cover, and answers the album as the gallery shows it', async () => {
    const album = albums.find((candidate) => candidate.photoCount >= 2);
    const cover = album.images[1].id;
    const { status, body } = await harness.api(`/api/albums/${album.id}`, {
      token: ana.token,
      method: 'PATCH',
      body: { title: '  Porto, at last  ', themeDescription: 'Bridges\nand trams.', coverImageId: cover },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      ...album,
      title: 'Porto, at last',
      themeDescription: 'Bridges\nand trams.',
      coverImageId: cover,
      images: album.images.map((image: any) => ({
        ...image,
        url: expect.stringContaining('X-Amz-Signature='),
        previewUrl: expect.stringContaining('X-Amz-Signature='),
        thumbnailUrl: expect.stringContaining('X-Amz-Signature='),
      })),
    });
    expect((await fetch(body.images[0].previewUrl)).status).toBe(200);
    expect((await fetch(body.images[0].thumbnailUrl)).status).toBe(200);
    const after = (await gallery(ana)).find((candidate) => candidate.id === album.id);
    expect(after).toMatchObject({ title: 'Porto, at last', coverImageId: cover });
  });

  it('keeps unnamed fields and accepts an empty description', async () => {
    const album = albums[0];
    const { status, body } = await harness.api(`/api/albums/${album.id}`, {
      token: ana.token,
      method: 'PATCH',
      body: { themeDescription: '' },
    });
    expect(status).toBe(200);
    expect(body.themeDescription).toBe('');
    expect(body.title).toBe((await gallery(ana)).find((candidate) => candidate.id === album.id).title);
  });

  it.each([
    ['an empty title', { title: '   ' }, 'title'],
    ['a title over 80 characters', { title: 'x'.repeat(81) }, 'title'],
    ['a title on two lines', { title: 'one\ntwo' }, 'title'],
    ['a title that is not a string', { title: 42 }, 'title'],
    ['a description over 300 characters', { themeDescription: 'x'.repeat(301) }, 'themeDescription'],
    ['a description with a NUL byte', { themeDescription: 'a\u0000b' }, 'themeDescription'],
    ['a cover that is not a UUID', { coverImageId: 'cover' }, 'coverImageId'],
    ['an unknown field', { name: 'x' }, 'name'],
    ['no change at all', {}, '(body)'],
  ])('rejects %s with 400 naming the field', async (_, body, field) => {
    const response = await harness.api(`/api/albums/${albums[0].id}`, {
      token: ana.token,
      method: 'PATCH',
      body,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request' });
    expect(response.body.error.message).toContain(field);
  });

  it('rejects a cover that is not in the album, even a photo of another album of the same user', async () => {
    const [first, second] = albums;
    const response = await harness.api(`/api/albums/${first.id}`, {
      token: ana.token,
      method: 'PATCH',
      body: { coverImageId: second.images[0].id },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: 'cover_not_in_album', message: expect.any(String), details: { field: 'coverImageId' } },
    });
  });

  it("answers 404 for another user's album and a made-up one, 400 for a malformed id", async () => {
    for (const albumId of [bobAlbumId, randomUUID()]) {
      const response = await harness.api(`/api/albums/${albumId}`, {
        token: ana.token,
        method: 'PATCH',
        body: { title: 'Taken over' },
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject(notFound);
    }
    expect((await gallery(bob)).find((album) => album.id === bobAlbumId).title).not.toBe('Taken over');
    const malformed = await harness.api('/api/albums/not-a-uuid', {
      token: ana.token,
      method: 'PATCH',
      body: { title: 'x' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      error: { code: 'invalid_album_id', message: expect.any(String), details: { field: 'albumId' } },
    });
  });

  it('needs a token', async () => {
    const response = await harness.api(`/api/albums/${albums[0].id}`, {
      method: 'PATCH',
      body: { title: 'x' },
    });
    expect(response.status).toBe(401);
  });
});

describe('moving and removing photos', () => {
  let source: any;
  let target: any;
  beforeAll(async () => {
    // A user of its own: Ana's earlier batches would otherwise be joined by this one (organizing is
    // incremental), and the albums here must be exactly this batch's.
    ana = await harness.signIn('ana-moving');
    const albums = await organize(ana);
    const batch = albums.filter((album) => album.createdAt === albums[0].createdAt);
    source = batch.find((album) => album.photoCount >= 3);
    // The batch's screenshot may join the screenshots album an earlier batch made: any other album will do.
    target = albums.find((album) => album.id !== source.id);
  });

  it('moves the cover photo to the end of another album, and the source gets a new cover', async () => {
    const moved = source.images[0];
    expect(source.coverImageId).toBe(moved.id);
    const { status, body } = await harness.api(`/api/albums/${target.id}/images`, {
      token: ana.token,
      body: { imageId: moved.id, fromAlbumId: source.id },
    });
    expect(status).toBe(200);
    expect(body.id).toBe(target.id);
    expect(body.images.map((image: any) => image.id)).toEqual([
      ...target.images.map((image: any) => image.id),
      moved.id,
    ]);
    expect(body.images.map((image: any) => image.displayOrder)).toEqual(
      body.images.map((_: any, i: number) => i),
    );
    expect(body.photoCount).toBe(target.photoCount + 1);
    const sourceNow = (await gallery(ana)).find((album) => album.id === source.id);
    expect(sourceNow.images.map((image: any) => image.id)).toEqual(
      source.images.slice(1).map((image: any) => image.id),
    );
    expect(sourceNow.images.map((image: any) => image.displayOrder)).toEqual([0, 1]);
    expect(sourceNow.coverImageId).toBe(source.images[1].id);
  });

  it('removes a photo from an album with 204; it stays in the library', async () => {
    const albums = await gallery(ana);
    const album = albums.find((candidate) => candidate.id === source.id);
    const removed = album.images[0];
    const response = await harness.api(`/api/albums/${album.id}/images/${removed.id}`, {
      token: ana.token,
      method: 'DELETE',
    });
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    const after = (await gallery(ana)).find((candidate) => candidate.id === album.id);
    expect(after.images.map((image: any) => image.id)).not.toContain(removed.id);
    expect(after.images.map((image: any) => image.displayOrder)).toEqual([0]);
    expect(after.coverImageId).toBe(after.images[0].id);
    const library = await harness.api('/api/images', { token: ana.token });
    expect(library.body.images.find((image: any) => image.id === removed.id)).toMatchObject({ albumIds: [] });
    // Removing it again: it is no longer in the album.
    const again = await harness.api(`/api/albums/${album.id}/images/${removed.id}`, {
      token: ana.token,
      method: 'DELETE',
    });
    expect(again.status).toBe(404);
  });

  it('adds a photo from the library to an album without a source', async () => {
    const library = await harness.api('/api/images', { token: ana.token });
    const loose = library.body.images.find((image: any) => image.albumIds.length === 0);
    const { status, body } = await harness.api(`/api/albums/${source.id}/images`, {
      token: ana.token,
      body: { imageId: loose.id },
    });
    expect(status).toBe(200);
    expect(body.images.at(-1).id).toBe(loose.id);
  });

  it("answers 404 for another user's albums and photos and for made-up ids, and changes nothing", async () => {
    const before = await gallery(ana);
    const own = { albumId: target.id, imageId: source.images[1].id };
    await expectNotFoundForStrangers(
      (ids) =>
        harness.api(`/api/albums/${ids.albumId}/images`, {
          token: ana.token,
          body: { imageId: ids.imageId },
        }),
      own,
    );
    for (const fromAlbumId of [bobAlbumId, randomUUID()]) {
      const response = await harness.api(`/api/albums/${own.albumId}/images`, {
        token: ana.token,
        body: { imageId: own.imageId, fromAlbumId },
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject(notFound);
    }
    await expectNotFoundForStrangers(
      (ids) =>
        harness.api(`/api/albums/${ids.albumId}/images/${ids.imageId}`, {
          token: ana.token,
          method: 'DELETE',
        }),
      own,
    );
    expect(await gallery(ana)).toEqual(
      before.map((album) => ({
        ...album,
        images: album.images.map((image: any) => ({
          ...image,
          url: expect.any(String),
          previewUrl: expect.any(String),
        })),
      })),
    );
    expect((await gallery(bob)).find((album) => album.id === bobAlbumId).images[0].id).toBe(bobImageId);
  });

  it.each([
    ['no imageId', {}],
    ['an imageId that is not a UUID', { imageId: 'photo-1' }],
    ['a fromAlbumId that is not a UUID', { imageId: randomUUID(), fromAlbumId: 7 }],
    ['an unknown field', { imageId: randomUUID(), position: 0 }],
  ])('rejects a move with %s', async (_, body) => {
    const response = await harness.api(`/api/albums/${target.id}/images`, { token: ana.token, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
  });

  it('rejects malformed ids in the path', async () => {
    const move = await harness.api('/api/albums/123/images', {
      token: ana.token,
      body: { imageId: randomUUID() },
    });
    expect(move.status).toBe(400);
    expect(move.body.error.code).toBe('invalid_album_id');
    const remove = await harness.api(`/api/albums/${target.id}/images/xyz`, {
      token: ana.token,
      method: 'DELETE',
    });
    expect(remove.status).toBe(400);
    expect(remove.body).toEqual({
      error: { code: 'invalid_image_id', message: expect.any(String), details: { field: 'imageId' } },
    });
  });
});

describe('DELETE /api/albums/{albumId}', () => {
  it('deletes the album (restorable for 30 days) and keeps its photos in the library', async () => {
    const albums = await organize(ana);
    const doomed = albums[0];
    const response = await harness.api(`/api/albums/${doomed.id}`, { token: ana.token, method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      albumId: doomed.id,
      deletedAt: expect.any(String),
      restorableUntil: new Date(Date.parse(response.body.deletedAt) + 30 * 24 * 3600 * 1000).toISOString(),
    });
    expect((await gallery(ana)).map((album) => album.id)).not.toContain(doomed.id);
    const library = await harness.api('/api/images?limit=1000', { token: ana.token });
    const ids = library.body.images.map((image: any) => image.id);
    for (const image of doomed.images) expect(ids).toContain(image.id);
    expect(
      (await harness.api(`/api/albums/${doomed.id}`, { token: ana.token, method: 'DELETE' })).status,
    ).toBe(404);
  });

  it("answers 404 for another user's album and a made-up one, 400 for a malformed id", async () => {
    for (const albumId of [bobAlbumId, randomUUID()]) {
      const response = await harness.api(`/api/albums/${albumId}`, { token: ana.token, method: 'DELETE' });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject(notFound);
    }
    expect((await gallery(bob)).map((album) => album.id)).toContain(bobAlbumId);
    expect((await harness.api('/api/albums/not-a-uuid', { token: ana.token, method: 'DELETE' })).status).toBe(
      400,
    );
  });
});

describe('DELETE /api/images/{imageId}', () => {
  it('moves the photo to the Trash: hidden from its album and the library, files kept, cover moved on', async () => {
    const albums = await organize(ana);
    const album = albums.find((candidate) => candidate.photoCount >= 2);
    const doomed = album.images[0];
    expect(album.coverImageId).toBe(doomed.id);
    const response = await harness.api(`/api/images/${doomed.id}`, { token: ana.token, method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ trashed: 1, trashedAt: expect.any(String), purgeAt: expect.any(String) });
    // The files stay until the Trash is emptied or purged.
    expect((await fetch(doomed.url)).status).toBe(200);
    const after = (await gallery(ana)).find((candidate) => candidate.id === album.id);
    expect(after.images.map((image: any) => image.id)).toEqual(
      album.images.slice(1).map((image: any) => image.id),
    );
    expect(after.coverImageId).toBe(album.images[1].id);
    const library = await harness.api('/api/images?limit=1000', { token: ana.token });
    expect(library.body.images.map((image: any) => image.id)).not.toContain(doomed.id);
    // Trashing it again keeps its date.
    const again = await harness.api(`/api/images/${doomed.id}`, { token: ana.token, method: 'DELETE' });
    expect([again.status, again.body.trashed]).toEqual([200, 1]);
    const trash = await harness.api('/api/trash', { token: ana.token });
    const listed = trash.body.images.find((image: any) => image.id === doomed.id);
    expect(listed.trashedAt).toBe(response.body.trashedAt);
    expect(listed.purgeAt).toBe(response.body.purgeAt);
  });

  it("answers 404 for another user's photo and a made-up one, and leaves theirs alone", async () => {
    for (const imageId of [bobImageId, randomUUID()]) {
      const response = await harness.api(`/api/images/${imageId}`, { token: ana.token, method: 'DELETE' });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject(notFound);
    }
    const bobs = (await gallery(bob)).find((album) => album.id === bobAlbumId);
    expect(bobs.images[0].id).toBe(bobImageId);
    expect((await fetch(bobs.images[0].url)).status).toBe(200);
    expect((await harness.api('/api/images/nope', { token: ana.token, method: 'DELETE' })).status).toBe(400);
  });
});

describe('GET /api/images', () => {
  let carla: { token: string; userId: string };
  beforeAll(async () => {
    carla = await harness.signIn('carla');
    await organize(carla);
  });

  it('lists ready photos newest taken first with signed URLs, the albums each is in, and the months', async () => {
    const { status, body } = await harness.api('/api/images', { token: carla.token });
    expect(status).toBe(200);
    expect(body.nextCursor).toBeNull();
    expect(body.images).toHaveLength(4);
    const albums = await gallery(carla);
    for (const image of body.images) {
      expect(image).toEqual({
        id: expect.any(String),
        storageKey: expect.stringMatching(new RegExp(`^users/${carla.userId}/`)),
        originalFilename: expect.any(String),
        contentType: expect.stringMatching(/^image\//),
        width: expect.any(Number),
        height: expect.any(Number),
        takenAt: image.contentType === 'image/png' ? null : expect.any(String),
        takenAtSource: image.contentType === 'image/png' ? null : 'exif',
        createdAt: expect.any(String),
        albumIds: albums
          .filter((album) => album.images.some((member: any) => member.id === image.id))
          .map((album) => album.id),
        url: expect.any(String),
        previewUrl: expect.any(String),
        thumbnailUrl: expect.stringMatching(/\/thumbnail\.jpg\?/),
      });
    }
    // A timeline: newest taken first, a photo without a date at its upload time.
    const timeline = body.images.map((image: any) => image.takenAt ?? image.createdAt);
    expect([...timeline].sort().reverse()).toEqual(timeline);
    expect(body.months.reduce((sum: number, month: any) => sum + month.count, 0)).toBe(4);
    expect((await fetch(body.images[0].previewUrl)).status).toBe(200);
  });

  it('pages with limit and cursor without repeating or losing a photo', async () => {
    const whole = await harness.api('/api/images', { token: carla.token });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { status: number; body: any } = await harness.api(`/api/images${query}`, {
        token: carla.token,
      });
      expect(page.status).toBe(200);
      expect(page.body.images.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.images.map((image: any) => image.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.body.images.map((image: any) => image.id));
  });

  it("never lists another user's photos", async () => {
    const { body } = await harness.api('/api/images?limit=1000', { token: carla.token });
    expect(body.images.every((image: any) => image.storageKey.startsWith(`users/${carla.userId}/`))).toBe(
      true,
    );
    const dave = await harness.signIn('dave');
    expect((await harness.api('/api/images', { token: dave.token })).body).toEqual({
      images: [],
      nextCursor: null,
      months: [],
      stacks: [],
    });
  });

  it.each([
    ['a zero limit', '?limit=0', 'limit'],
    ['a limit over 1000', '?limit=1001', 'limit'],
    ['a fractional limit', '?limit=2.5', 'limit'],
    ['a word for a limit', '?limit=ten', 'limit'],
    ['a made-up cursor', '?cursor=bm90LWEtY3Vyc29y', 'cursor'],
  ])('rejects %s', async (_, query, field) => {
    const response = await harness.api(`/api/images${query}`, { token: carla.token });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error)).toContain(field);
  });

  it('needs a token', async () => {
    expect((await harness.api('/api/images')).status).toBe(401);
  });
});
