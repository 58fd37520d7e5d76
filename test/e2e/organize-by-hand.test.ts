/**
 * Organizing by hand over HTTP against the local app: make an album (empty or from photos), add, move
 * and remove many photos at once, merge albums — and the limits, said in words. Every answer is also
 * checked against the OpenAPI document by the harness.
 */
import { randomUUID } from 'node:crypto';
import { MAX_BULK_PHOTOS } from '../../lambdas/core/upload-policy.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;
let ana: { token: string; userId: string };
/** Ana's six photos, organized (ready) — their ids in upload order. */
let photos: string[];

beforeAll(async () => {
  harness = await startHarness();
  ana = await harness.signIn('ana');
  const files = await Promise.all(
    ['#cc3333', '#33cc33', '#3333cc', '#cccc33', '#33cccc', '#cc33cc'].map(async (color, index) => ({
      name: `photo-${index}.jpg`,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 160,
        height: 120,
        color,
        takenAt: new Date(Date.UTC(2026, 3, 1 + index * 40, 12)),
      }),
    })),
  );
  const keys = await uploadFiles(harness, ana.token, files);
  const started = await harness.api('/api/galleries/process', {
    token: ana.token,
    body: { imageKeys: keys },
  });
  const job = await waitForJob(harness, ana.token, started.body.jobId);
  if (job.status !== 'completed') throw new Error(`job ${job.status}: ${job.error}`);
  const library = await harness.api('/api/images?limit=100', { token: ana.token });
  const byName = new Map(library.body.images.map((image: any) => [image.originalFilename, image.id]));
  photos = files.map((file) => byName.get(file.name) as string);
});
afterAll(() => harness?.stop());

const call = (path: string, body: unknown, method = 'POST') =>
  harness.api(path, { token: ana.token, method, body });
const newAlbum = (title: string, imageIds?: string[]) =>
  call('/api/albums', { title, ...(imageIds ? { imageIds } : {}) });
const ids = (album: any) => album.images.map((image: any) => image.id);
const gallery = async () =>
  (await harness.api('/api/galleries/me', { token: ana.token })).body.albums as any[];

describe('POST /api/albums', () => {
  it('makes an album of the chosen photos in order, shown in the gallery', async () => {
    const [a, b, c] = photos as [string, string, string];
    const { status, body } = await call('/api/albums', {
      title: ' Best of spring ',
      themeDescription: 'Picked by hand',
      imageIds: [c, a, b],
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      title: 'Best of spring',
      themeDescription: 'Picked by hand',
      coverImageId: c,
      photoCount: 3,
    });
    expect(ids(body)).toEqual([c, a, b]);
    expect((await fetch(body.images[0].thumbnailUrl)).status).toBe(200);
    expect((await gallery()).find((album) => album.id === body.id)).toMatchObject({
      title: 'Best of spring',
    });
  });

  it('makes an empty album', async () => {
    const { status, body } = await newAlbum('Someday');
    expect(status).toBe(201);
    expect(body).toMatchObject({ title: 'Someday', themeDescription: '', coverImageId: null, photoCount: 0 });
  });

  it.each([
    ['no title', { imageIds: [] }, 'title'],
    ['an empty title', { title: '  ' }, 'title'],
    ['an unknown field', { title: 'x', photos: [] }, 'photos'],
    ['an id that is not a UUID', { title: 'x', imageIds: ['nope'] }, 'imageIds.0'],
  ])('rejects %s with 400 naming the field', async (_, body, field) => {
    const { status, body: answer } = await call('/api/albums', body);
    expect(status).toBe(400);
    expect(answer.error.code).toBe('invalid_request');
    expect(answer.error.message).toContain(field);
  });

  it(`says the ${MAX_BULK_PHOTOS}-photo limit in words`, async () => {
    const imageIds = Array.from({ length: MAX_BULK_PHOTOS + 1 }, () => randomUUID());
    const { status, body } = await newAlbum('Too many', imageIds);
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      `imageIds: one request takes at most ${MAX_BULK_PHOTOS} photos: send the rest in another request`,
    );
  });
});

describe('POST /api/albums/{albumId}/images with imageIds', () => {
  it('moves many photos in one go: they are in the target and gone from the source', async () => {
    const [a, b, c, d] = photos as [string, string, string, string];
    const source = (await newAlbum('Source', [a, b, c, d])).body;
    const target = (await newAlbum('Target', [d])).body;
    const { status, body } = await call(`/api/albums/${target.id}/images`, {
      imageIds: [b, d, a],
      fromAlbumId: source.id,
    });
    expect(status).toBe(200);
    expect(ids(body)).toEqual([d, b, a]);
    const after = await gallery();
    expect(ids(after.find((album) => album.id === source.id))).toEqual([c]);
    expect(after.find((album) => album.id === source.id).coverImageId).toBe(c);
    // The photos the user moved out are recorded: organizing will not put them back there.
    const excluded = await harness.app.http.db
      .selectFrom('album_exclusions')
      .select('image_id')
      .where('album_id', '=', source.id)
      .execute();
    expect(excluded.map((row) => row.image_id).sort()).toEqual([a, b, d].sort());
  });

  it('adds many without a source, and the single-photo form still moves one to the end', async () => {
    const [a, b, c] = photos as [string, string, string];
    const album = (await newAlbum('Mixed', [a])).body;
    expect(ids((await call(`/api/albums/${album.id}/images`, { imageIds: [b, a, c] })).body)).toEqual([
      a,
      b,
      c,
    ]);
    expect(ids((await call(`/api/albums/${album.id}/images`, { imageId: a })).body)).toEqual([b, c, a]);
  });

  it('refuses both forms at once, and neither', async () => {
    const album = (await newAlbum('Either')).body;
    for (const body of [{ imageId: photos[0], imageIds: [photos[1]] }, {}]) {
      const answer = await call(`/api/albums/${album.id}/images`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toContain(
        'give either imageId (one photo) or imageIds (many), not both',
      );
    }
  });

  it('names made-up photos and changes nothing', async () => {
    const album = (await newAlbum('Strict', [photos[0] as string])).body;
    const madeUp = randomUUID();
    const answer = await call(`/api/albums/${album.id}/images`, { imageIds: [photos[1], madeUp] });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toEqual({
      code: 'not_found',
      message: '1 photo not found',
      details: { field: 'imageIds', imageIds: [madeUp] },
    });
    expect(ids((await gallery()).find((candidate) => candidate.id === album.id))).toEqual([photos[0]]);
  });
});

describe(`the ${MAX_BULK_PHOTOS}-photo limit of every bulk route`, () => {
  it.each([
    ['adding', 'images', {}],
    ['moving', 'images', { fromAlbumId: randomUUID() }],
    ['removing', 'images/remove', {}],
  ])('%s more than %s photos is a 400 that says what to do, and changes nothing', async (_, route, extra) => {
    const album = (await newAlbum('Limits', [photos[0] as string])).body;
    const imageIds = [photos[1], ...Array.from({ length: MAX_BULK_PHOTOS }, () => randomUUID())];
    const { status, body } = await call(`/api/albums/${album.id}/${route}`, { imageIds, ...extra });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'too_many_items',
      message: `imageIds: one request takes at most ${MAX_BULK_PHOTOS} photos: send the rest in another request`,
    });
    expect(ids((await gallery()).find((candidate) => candidate.id === album.id))).toEqual([photos[0]]);
  });
});

describe('photos in the Trash', () => {
  it('cannot go into an album until restored: 409 naming them, nothing changes', async () => {
    const trashed = photos[5] as string;
    const album = (await newAlbum('Keep', [photos[0] as string])).body;
    expect((await call('/api/images/trash', { imageIds: [trashed] })).status).toBe(200);
    for (const [path, body] of [
      [`/api/albums/${album.id}/images`, { imageIds: [photos[1], trashed] }],
      ['/api/albums', { title: 'With a trashed photo', imageIds: [trashed] }],
    ] as const) {
      const answer = await call(path, body);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({
        code: 'image_in_trash',
        message: '1 photo of imageIds is in the Trash: restore it first',
        details: { field: 'imageIds', imageIds: [trashed] },
      });
    }
    expect(ids((await gallery()).find((candidate) => candidate.id === album.id))).toEqual([photos[0]]);
    expect((await call('/api/images/restore', { imageIds: [trashed] })).status).toBe(200);
    expect(ids((await call(`/api/albums/${album.id}/images`, { imageIds: [trashed] })).body)).toEqual([
      photos[0],
      trashed,
    ]);
  });
});

describe('POST /api/albums/{albumId}/images/remove', () => {
  it('takes many photos out; they stay in the library', async () => {
    const [a, b, c] = photos as [string, string, string];
    const album = (await newAlbum('Trim me', [a, b, c])).body;
    const { status, body } = await call(`/api/albums/${album.id}/images/remove`, { imageIds: [a, c] });
    expect(status).toBe(200);
    expect(ids(body)).toEqual([b]);
    expect(body.coverImageId).toBe(b);
    const library = await harness.api('/api/images?limit=100', { token: ana.token });
    expect(library.body.images.map((image: any) => image.id)).toEqual(expect.arrayContaining([a, c]));
  });
});

describe('POST /api/albums/{albumId}/merge', () => {
  it('appends the other albums in order and deletes them from the gallery', async () => {
    const [a, b, c, d, e] = photos as [string, string, string, string, string];
    const target = (await newAlbum('Trip', [a])).body;
    const first = (await newAlbum('Trip, day 2', [b, a, c])).body;
    const second = (await newAlbum('Trip, day 3', [e, d])).body;
    const { status, body } = await call(`/api/albums/${target.id}/merge`, {
      albumIds: [second.id, first.id],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: target.id, title: 'Trip', coverImageId: a, photoCount: 5 });
    expect(ids(body)).toEqual([a, e, d, b, c]);
    const after = (await gallery()).map((album) => album.id);
    expect(after).toContain(target.id);
    expect(after).not.toContain(first.id);
    expect(after).not.toContain(second.id);
    // A merged album answers 404 on every album route until it is restored.
    expect((await call(`/api/albums/${first.id}`, { title: 'back' }, 'PATCH')).status).toBe(404);
    expect((await call(`/api/albums/${target.id}/merge`, { albumIds: [first.id] })).body.error).toMatchObject(
      {
        code: 'not_found',
        details: { field: 'albumIds', albumIds: [first.id] },
      },
    );
  });

  it('refuses merging an album into itself', async () => {
    const album = (await newAlbum('Alone')).body;
    const answer = await call(`/api/albums/${album.id}/merge`, { albumIds: [album.id] });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('albumIds must not name the album they are merged into');
  });
});
