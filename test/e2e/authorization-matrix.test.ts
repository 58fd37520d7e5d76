/**
 * Nobody reaches another user's photos, jobs, albums or storage keys. Every route that takes an id,
 * key or album is tried with the other user's values and with made-up ones: the answers are identical
 * 404s that reveal nothing, and the owner's data is untouched. Bad tokens of every kind are 401.
 */
import { SignJWT } from 'jose';
import sharp from 'sharp';
import { routes } from '../../lambdas/handlers/http/routes.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../lambdas/local-runtime/local-jwt.ts';
import { makeJpeg, makePhotoLikeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';
import { writePerson } from '../support/search-library.ts';
import { seedPeople } from '../support/seed-people.ts';

const SECRET = 'test-secret-that-is-long-enough-0123456789';
let harness: Harness;

interface Owner {
  token: string;
  userId: string;
  jobId: string;
  keys: string[];
  albumId: string;
  imageIds: string[];
  albumTitle: string;
}

async function owner(name: string): Promise<Owner> {
  const { token, userId } = await harness.signIn(name);
  const files = await Promise.all(
    [0, 1].map(async (i) => ({
      name: `${name}-${i}.jpg`,
      contentType: 'image/jpeg',
      // Two photos, not one twice: ingest rejects a copy of a photo already in the library.
      bytes: await makeJpeg({ width: 120, height: 90, extraIfd0: { ImageDescription: `${name}-${i}` } }),
    })),
  );
  const keys = await uploadFiles(harness, token, files);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  await waitForJob(harness, token, started.body.jobId);
  const gallery = await harness.api('/api/galleries/me', { token });
  const album = gallery.body.albums[0];
  return {
    token,
    userId,
    jobId: started.body.jobId,
    keys,
    albumId: album.id,
    imageIds: album.images.map((i: any) => i.id),
    albumTitle: album.title,
  };
}

let alice: Owner;
let mallory: Owner;
/** Alice's deleted album and the photos of hers in the Trash: what Mallory tries to bring back. */
let aliceBin: { albumId: string; imageIds: string[] };
/** A share link of Alice's album: its id is what Mallory tries to list or revoke. */
let aliceLinkId: string;
/** A person in Alice's photos (written straight to the database): what Mallory filters a search by. */
let alicePersonId: string;
/** Two people in Alice's photos, and one in Mallory's: what Mallory tries to name, hide and merge. */
let alicePeople: string[];
let malloryPerson: string;

/** Written straight to the database, so that organizing (which may join albums) plays no part. */
async function binOf(userId: string) {
  const db = harness.app.http.db;
  const imageIds = [madeUp(), madeUp()];
  const albumId = madeUp();
  await db
    .insertInto('images')
    .values(
      imageIds.map((id) => ({
        id,
        owner_id: userId,
        storage_key: `users/${userId}/photos/${id}/original.jpg`,
        original_filename: `${id}.jpg`,
        content_type: 'image/jpeg',
        size_bytes: 10,
        status: 'ready' as const,
        trashed_at: new Date(),
      })),
    )
    .execute();
  await db
    .insertInto('albums')
    .values({
      id: albumId,
      owner_id: userId,
      title: 'Deleted',
      theme_description: '',
      deleted_at: new Date(),
    })
    .execute();
  await db
    .insertInto('album_images')
    .values(imageIds.map((image_id, display_order) => ({ album_id: albumId, image_id, display_order })))
    .execute();
  return { albumId, imageIds };
}

beforeAll(async () => {
  harness = await startHarness({ LOCAL_JWT_SECRET: SECRET });
  alice = await owner('alice');
  mallory = await owner('mallory');
  aliceBin = await binOf(alice.userId);
  aliceLinkId = (await harness.api(`/api/albums/${alice.albumId}/links`, { token: alice.token, body: {} }))
    .body.id;
  alicePersonId = await writePerson(harness.app.http.db, alice.userId, {
    name: 'Alice herself',
    imageIds: alice.imageIds,
  });
  const alices = await seedPeople(harness.app, alice.userId, { [alice.imageIds[0] as string]: [1, 2] });
  alicePeople = [alices.get(1), alices.get(2)] as string[];
  const mallorys = await seedPeople(harness.app, mallory.userId, { [mallory.imageIds[0] as string]: [1] });
  malloryPerson = mallorys.get(1) as string;
});
afterAll(() => harness?.stop());

const madeUp = () => crypto.randomUUID();

/** Each attempt as Mallory: [label, request using Alice's values, the same request with made-up values]. */
function attempts(): [string, () => [string, string, unknown?], () => [string, string, unknown?]][] {
  return [
    [
      // Alice's exact words (her file names, her album's title) and her album, person and camera.
      'search with the owner’s words, album and person',
      () => [
        'GET',
        `/api/search?q=${encodeURIComponent(`alice ${alice.albumTitle}`)}&album=${alice.albumId}&person=${alicePersonId}`,
      ],
      () => ['GET', `/api/search?q=alice&album=${madeUp()}&person=${madeUp()}`],
    ],
    [
      'search by the owner’s words alone',
      () => ['GET', '/api/search?q=alice'],
      () => ['GET', '/api/search?q=zzzzzz'],
    ],
    ['search filters', () => ['GET', '/api/search/filters'], () => ['GET', '/api/search/filters']],
    [
      'job status',
      () => ['GET', `/api/jobs/${alice.jobId}/status`],
      () => ['GET', `/api/jobs/${madeUp()}/status`],
    ],
    [
      'job retry',
      () => ['POST', `/api/jobs/${alice.jobId}/retry`],
      () => ['POST', `/api/jobs/${madeUp()}/retry`],
    ],
    [
      'job undo',
      () => ['POST', `/api/jobs/${alice.jobId}/undo`],
      () => ['POST', `/api/jobs/${madeUp()}/undo`],
    ],
    ['gallery', () => ['GET', `/api/galleries/${alice.userId}`], () => ['GET', `/api/galleries/${madeUp()}`]],
    [
      'rename album',
      () => ['PATCH', `/api/albums/${alice.albumId}`, { title: 'mine now' }],
      () => ['PATCH', `/api/albums/${madeUp()}`, { title: 'mine now' }],
    ],
    [
      'set cover to a foreign photo',
      () => ['PATCH', `/api/albums/${mallory.albumId}`, { coverImageId: alice.imageIds[0] }],
      () => ['PATCH', `/api/albums/${mallory.albumId}`, { coverImageId: madeUp() }],
    ],
    [
      'delete album',
      () => ['DELETE', `/api/albums/${alice.albumId}`],
      () => ['DELETE', `/api/albums/${madeUp()}`],
    ],
    [
      'add own photo to a foreign album',
      () => ['POST', `/api/albums/${alice.albumId}/images`, { imageId: mallory.imageIds[0] }],
      () => ['POST', `/api/albums/${madeUp()}/images`, { imageId: mallory.imageIds[0] }],
    ],
    [
      'take a foreign photo into own album',
      () => ['POST', `/api/albums/${mallory.albumId}/images`, { imageId: alice.imageIds[0] }],
      () => ['POST', `/api/albums/${mallory.albumId}/images`, { imageId: madeUp() }],
    ],
    [
      'move out of a foreign album',
      () => [
        'POST',
        `/api/albums/${mallory.albumId}/images`,
        { imageId: mallory.imageIds[0], fromAlbumId: alice.albumId },
      ],
      () => [
        'POST',
        `/api/albums/${mallory.albumId}/images`,
        { imageId: mallory.imageIds[0], fromAlbumId: madeUp() },
      ],
    ],
    [
      'remove a photo from a foreign album',
      () => ['DELETE', `/api/albums/${alice.albumId}/images/${alice.imageIds[0]}`],
      () => ['DELETE', `/api/albums/${madeUp()}/images/${madeUp()}`],
    ],
    [
      'remove a foreign photo from own album',
      () => ['DELETE', `/api/albums/${mallory.albumId}/images/${alice.imageIds[0]}`],
      () => ['DELETE', `/api/albums/${mallory.albumId}/images/${madeUp()}`],
    ],
    [
      'make an album of a foreign photo',
      () => [
        'POST',
        '/api/albums',
        { title: 'mine now', imageIds: [mallory.imageIds[0], alice.imageIds[0]] },
      ],
      () => ['POST', '/api/albums', { title: 'mine now', imageIds: [mallory.imageIds[0], madeUp()] }],
    ],
    [
      'add own photos to a foreign album in bulk',
      () => ['POST', `/api/albums/${alice.albumId}/images`, { imageIds: mallory.imageIds }],
      () => ['POST', `/api/albums/${madeUp()}/images`, { imageIds: mallory.imageIds }],
    ],
    [
      'take foreign photos into own album in bulk',
      () => ['POST', `/api/albums/${mallory.albumId}/images`, { imageIds: alice.imageIds }],
      () => [
        'POST',
        `/api/albums/${mallory.albumId}/images`,
        { imageIds: alice.imageIds.map(() => madeUp()) },
      ],
    ],
    [
      'move out of a foreign album in bulk',
      () => [
        'POST',
        `/api/albums/${mallory.albumId}/images`,
        { imageIds: alice.imageIds, fromAlbumId: alice.albumId },
      ],
      () => [
        'POST',
        `/api/albums/${mallory.albumId}/images`,
        { imageIds: alice.imageIds.map(() => madeUp()), fromAlbumId: madeUp() },
      ],
    ],
    [
      'remove photos from a foreign album in bulk',
      () => ['POST', `/api/albums/${alice.albumId}/images/remove`, { imageIds: alice.imageIds }],
      () => ['POST', `/api/albums/${madeUp()}/images/remove`, { imageIds: [madeUp()] }],
    ],
    [
      // Ids not in the album are skipped (a retry is harmless): a foreign photo is skipped like a made-up one.
      'remove foreign photos from own album in bulk',
      () => ['POST', `/api/albums/${mallory.albumId}/images/remove`, { imageIds: alice.imageIds }],
      () => [
        'POST',
        `/api/albums/${mallory.albumId}/images/remove`,
        { imageIds: alice.imageIds.map(() => madeUp()) },
      ],
    ],
    [
      'merge a foreign album into own',
      () => ['POST', `/api/albums/${mallory.albumId}/merge`, { albumIds: [alice.albumId] }],
      () => ['POST', `/api/albums/${mallory.albumId}/merge`, { albumIds: [madeUp()] }],
    ],
    [
      'merge own album into a foreign one',
      () => ['POST', `/api/albums/${alice.albumId}/merge`, { albumIds: [mallory.albumId] }],
      () => ['POST', `/api/albums/${madeUp()}/merge`, { albumIds: [mallory.albumId] }],
    ],
    [
      'delete a foreign photo',
      () => ['DELETE', `/api/images/${alice.imageIds[0]}`],
      () => ['DELETE', `/api/images/${madeUp()}`],
    ],
    [
      "read a foreign photo's info",
      () => ['GET', `/api/images/${alice.imageIds[0]}`],
      () => ['GET', `/api/images/${madeUp()}`],
    ],
    [
      'read the info of a foreign photo in the Trash',
      () => ['GET', `/api/images/${aliceBin.imageIds[0]}`],
      () => ['GET', `/api/images/${madeUp()}`],
    ],
    [
      'trash foreign photos',
      () => ['POST', '/api/images/trash', { imageIds: [alice.imageIds[0]] }],
      () => ['POST', '/api/images/trash', { imageIds: [madeUp()] }],
    ],
    [
      'trash own photos with a foreign one among them',
      () => ['POST', '/api/images/trash', { imageIds: [mallory.imageIds[0], alice.imageIds[0]] }],
      () => ['POST', '/api/images/trash', { imageIds: [mallory.imageIds[0], madeUp()] }],
    ],
    [
      'restore foreign photos from the Trash',
      () => ['POST', '/api/images/restore', { imageIds: aliceBin.imageIds }],
      () => ['POST', '/api/images/restore', { imageIds: [madeUp(), madeUp()] }],
    ],
    [
      'restore a foreign deleted album',
      () => ['POST', `/api/albums/${aliceBin.albumId}/restore`],
      () => ['POST', `/api/albums/${madeUp()}/restore`],
    ],
    [
      'delete a foreign album that is already deleted',
      () => ['DELETE', `/api/albums/${aliceBin.albumId}`],
      () => ['DELETE', `/api/albums/${madeUp()}`],
    ],
    // Shared albums (issue 17): Mallory is no member of Alice's album, so every door is the same 404.
    [
      'invite someone to a foreign album',
      () => ['POST', `/api/albums/${alice.albumId}/members`, { handle: 'mallory-friend' }],
      () => ['POST', `/api/albums/${madeUp()}/members`, { handle: 'mallory-friend' }],
    ],
    [
      "list a foreign album's members",
      () => ['GET', `/api/albums/${alice.albumId}/members`],
      () => ['GET', `/api/albums/${madeUp()}/members`],
    ],
    [
      'remove the owner from a foreign album',
      () => ['DELETE', `/api/albums/${alice.albumId}/members/${alice.userId}`],
      () => ['DELETE', `/api/albums/${madeUp()}/members/${madeUp()}`],
    ],
    [
      'leave a foreign album',
      () => ['DELETE', `/api/albums/${alice.albumId}/members/me`],
      () => ['DELETE', `/api/albums/${madeUp()}/members/me`],
    ],
    [
      'accept an invitation never sent',
      () => ['POST', `/api/invitations/${alice.albumId}/accept`],
      () => ['POST', `/api/invitations/${madeUp()}/accept`],
    ],
    [
      'decline an invitation never sent',
      () => ['POST', `/api/invitations/${alice.albumId}/decline`],
      () => ['POST', `/api/invitations/${madeUp()}/decline`],
    ],
    [
      'open a foreign album as shared',
      () => ['GET', `/api/shared-albums/${alice.albumId}`],
      () => ['GET', `/api/shared-albums/${madeUp()}`],
    ],
    [
      'add own photos to a foreign album as a contributor',
      () => ['POST', `/api/shared-albums/${alice.albumId}/images`, { imageIds: mallory.imageIds }],
      () => ['POST', `/api/shared-albums/${madeUp()}/images`, { imageIds: mallory.imageIds }],
    ],
    [
      "take the owner's photos out of a foreign album as a contributor",
      () => ['POST', `/api/shared-albums/${alice.albumId}/images/remove`, { imageIds: alice.imageIds }],
      () => [
        'POST',
        `/api/shared-albums/${madeUp()}/images/remove`,
        { imageIds: alice.imageIds.map(() => madeUp()) },
      ],
    ],
    [
      "read a foreign album's page",
      () => ['GET', `/api/albums/${alice.albumId}/page`],
      () => ['GET', `/api/albums/${madeUp()}/page`],
    ],
    [
      "write a foreign album page's headline",
      () => ['PATCH', `/api/albums/${alice.albumId}/page`, { headline: 'mine now' }],
      () => ['PATCH', `/api/albums/${madeUp()}/page`, { headline: 'mine now' }],
    ],
    [
      "design a foreign album's page",
      () => ['POST', `/api/albums/${alice.albumId}/page/generate`],
      () => ['POST', `/api/albums/${madeUp()}/page/generate`],
    ],
    [
      "read a foreign deleted album's page",
      () => ['GET', `/api/albums/${aliceBin.albumId}/page`],
      () => ['GET', `/api/albums/${madeUp()}/page`],
    ],
    [
      'share a foreign album by link',
      () => ['POST', `/api/albums/${alice.albumId}/links`, { expiresInDays: 365, allowOriginals: true }],
      () => ['POST', `/api/albums/${madeUp()}/links`, { expiresInDays: 365, allowOriginals: true }],
    ],
    [
      'share a foreign deleted album by link',
      () => ['POST', `/api/albums/${aliceBin.albumId}/links`, {}],
      () => ['POST', `/api/albums/${madeUp()}/links`, {}],
    ],
    [
      "list a foreign album's share links",
      () => ['GET', `/api/albums/${alice.albumId}/links`],
      () => ['GET', `/api/albums/${madeUp()}/links`],
    ],
    [
      "revoke a foreign album's share link",
      () => ['DELETE', `/api/albums/${alice.albumId}/links/${aliceLinkId}`],
      () => ['DELETE', `/api/albums/${madeUp()}/links/${madeUp()}`],
    ],
    [
      "revoke a foreign share link through one's own album",
      () => ['DELETE', `/api/albums/${mallory.albumId}/links/${aliceLinkId}`],
      () => ['DELETE', `/api/albums/${mallory.albumId}/links/${madeUp()}`],
    ],
    [
      "preview a foreign album's page",
      () => ['GET', `/api/albums/${alice.albumId}/page/preview`],
      () => ['GET', `/api/albums/${madeUp()}/page/preview`],
    ],
    [
      'name a foreign person',
      () => ['PATCH', `/api/people/${alicePeople[0]}`, { name: 'mine now' }],
      () => ['PATCH', `/api/people/${madeUp()}`, { name: 'mine now' }],
    ],
    [
      'hide a foreign person',
      () => ['PATCH', `/api/people/${alicePeople[0]}`, { hidden: true }],
      () => ['PATCH', `/api/people/${madeUp()}`, { hidden: true }],
    ],
    [
      'merge a foreign person into one of her own',
      () => ['POST', `/api/people/${alicePeople[0]}/merge`, { into: malloryPerson }],
      () => ['POST', `/api/people/${madeUp()}/merge`, { into: malloryPerson }],
    ],
    [
      'merge one of her own people into a foreign one',
      () => ['POST', `/api/people/${malloryPerson}/merge`, { into: alicePeople[0] }],
      () => ['POST', `/api/people/${malloryPerson}/merge`, { into: madeUp() }],
    ],
    [
      'merge two foreign people',
      () => ['POST', `/api/people/${alicePeople[0]}/merge`, { into: alicePeople[1] }],
      () => ['POST', `/api/people/${madeUp()}/merge`, { into: madeUp() }],
    ],
    [
      'process foreign storage keys',
      () => ['POST', '/api/galleries/process', { imageKeys: [alice.keys[0]] }],
      () => [
        'POST',
        '/api/galleries/process',
        { imageKeys: [`users/${madeUp()}/photos/${madeUp()}/original.jpg`] },
      ],
    ],
  ];
}

async function as(user: Owner, [method, path, body]: [string, string, unknown?]) {
  return harness.api(path, { token: user.token, method, ...(body === undefined ? {} : { body }) });
}

/** Strips ids that the request itself carried, so two answers can be compared for what they reveal. */
function shape(response: { status: number; body: any }): unknown {
  const error = response.body?.error ?? {};
  return {
    status: response.status,
    code: error.code,
    message: error.message,
    detailKeys: Object.keys(error.details ?? {}).sort(),
  };
}

describe("another user's ids", () => {
  // The people are for these attempts only: with recognition on, every later upload of theirs would
  // be read for faces too, which the suites below do not need (and which slows them down).
  afterAll(() =>
    Promise.all(
      [alice, mallory].map((user) =>
        harness.app.http.settings.update(user.userId, { peopleRecognition: false }),
      ),
    ),
  );

  it.each(attempts())(
    '%s → the same answer as a made-up id, and nothing changes',
    async (_, foreign, invented) => {
      const before = await harness.api('/api/galleries/me', { token: alice.token });
      const trashBefore = await harness.api('/api/trash', { token: alice.token });
      const mallorysBefore = await harness.api('/api/images', { token: mallory.token });
      const peopleBefore = await harness.api('/api/people', { token: alice.token });
      const request = foreign();
      const withForeign = await as(mallory, request);
      const withInvented = await as(mallory, invented());
      // A cover must be one of the album's photos: a foreign photo gets the same 400 as a made-up one.
      // Bulk removal skips ids that are not in the album: a foreign photo is skipped like a made-up one.
      const isCover = request[0] === 'PATCH' && 'coverImageId' in (request[2] as object);
      const skips = request[1] === `/api/albums/${mallory.albumId}/images/remove`;
      // A search answers what the caller has: nothing of Alice's (the secrets below), no 404 to probe.
      const finds = request[1].startsWith('/api/search');
      expect(withForeign.status).toBe(isCover ? 400 : skips || finds ? 200 : 404);
      if (finds && request[1] !== '/api/search/filters') expect(withForeign.body.photos).toEqual([]);
      expect(shape(withForeign)).toEqual(shape(withInvented));
      // Nothing of Alice's that the request did not itself name appears in the answer.
      const requested = JSON.stringify(request);
      const secrets = [
        ...[alice.userId, alice.jobId, alice.albumId, ...alice.imageIds, ...alice.keys],
        ...[aliceBin.albumId, ...aliceBin.imageIds, aliceLinkId, alicePersonId, ...alicePeople],
      ];
      for (const secret of secrets.filter((value) => !requested.includes(value))) {
        expect(JSON.stringify(withForeign.body)).not.toContain(secret);
      }
      const after = await harness.api('/api/galleries/me', { token: alice.token });
      const strip = (gallery: any) =>
        gallery.albums.map((a: any) => ({
          ...a,
          images: a.images.map((i: any) => ({
            ...i,
            url: undefined,
            previewUrl: undefined,
            thumbnailUrl: undefined,
          })),
        }));
      expect(strip(after.body)).toEqual(strip(before.body));
      const unsigned = (page: any) =>
        page.images.map((i: any) => ({ ...i, url: 0, previewUrl: 0, thumbnailUrl: 0 }));
      const trashAfter = await harness.api('/api/trash', { token: alice.token });
      expect(unsigned(trashAfter.body)).toEqual(unsigned(trashBefore.body));
      expect(trashAfter.body.images).toHaveLength(aliceBin.imageIds.length);
      // All or nothing: Mallory's own photos named beside a foreign one were not trashed either.
      const mallorysAfter = await harness.api('/api/images', { token: mallory.token });
      expect(unsigned(mallorysAfter.body)).toEqual(unsigned(mallorysBefore.body));
      // Alice's share link still works and is still hers alone.
      const links = await harness.api(`/api/albums/${alice.albumId}/links`, { token: alice.token });
      expect(links.body.links.map((link: any) => [link.id, link.state])).toEqual([[aliceLinkId, 'active']]);
      // Alice's people: the same people, names, visibility and photos.
      const unsignedPeople = (body: any) =>
        body.people.map((person: any) => ({ ...person, cover: { ...person.cover, thumbnailUrl: 0 } }));
      const peopleAfter = await harness.api('/api/people', { token: alice.token });
      expect(unsignedPeople(peopleAfter.body)).toEqual(unsignedPeople(peopleBefore.body));
      const alicesIds = peopleAfter.body.people.map((person: any) => person.id);
      expect(alicesIds).toEqual(expect.arrayContaining([...alicePeople, alicePersonId]));
    },
  );

  it("only ever signs URLs for the caller's own objects", async () => {
    const gallery = await harness.api('/api/galleries/me', { token: mallory.token });
    const library = await harness.api('/api/images', { token: mallory.token });
    const people = await harness.api('/api/people', { token: mallory.token });
    expect(people.body.people.map((person: any) => person.id)).toEqual([malloryPerson]);
    const urls = [
      ...people.body.people.map((person: any) => person.cover.thumbnailUrl),
      ...gallery.body.albums.flatMap((album: any) =>
        album.images.flatMap((image: any) => [image.url, image.previewUrl, image.thumbnailUrl]),
      ),
      ...library.body.images.flatMap((image: any) => [image.url, image.previewUrl, image.thumbnailUrl]),
    ];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url).pathname).toContain(`/users/${mallory.userId}/`);
    const uploads = await harness.api('/api/uploads/generate-urls', {
      token: mallory.token,
      body: { files: [{ name: `../../users/${alice.userId}/x.jpg`, contentType: 'image/jpeg', size: 10 }] },
    });
    expect(uploads.body.uploads[0].key.startsWith(`users/${mallory.userId}/`)).toBe(true);
  });
});

describe('similar photos', () => {
  it("are grouped within the caller's own library: the same photo in two libraries is two users' business", async () => {
    const photo = await makePhotoLikeJpeg(800, 600, 41);
    const resaved = await sharp(photo).jpeg({ quality: 70 }).toBuffer();
    const organize = async (user: Owner, name: string) => {
      const keys = await uploadFiles(harness, user.token, [
        { name: `${name}.jpg`, contentType: 'image/jpeg', bytes: photo },
        { name: `${name}-resaved.jpg`, contentType: 'image/jpeg', bytes: resaved },
      ]);
      const started = await harness.api('/api/galleries/process', {
        token: user.token,
        body: { imageKeys: keys },
      });
      await waitForJob(harness, user.token, started.body.jobId);
    };
    await organize(alice, 'alice-pair');
    const before = await harness.api('/api/images/similar', { token: alice.token });
    expect(before.body.groups).toHaveLength(1);
    // Mallory with none of them sees no group, and with the same photo sees only her own copies.
    expect((await harness.api('/api/images/similar', { token: mallory.token })).body.groups).toEqual([]);
    await organize(mallory, 'mallory-pair');
    const mallorys = await harness.api('/api/images/similar', { token: mallory.token });
    expect(mallorys.body.groups).toHaveLength(1);
    const text = JSON.stringify(mallorys.body);
    for (const image of before.body.groups[0].images) expect(text).not.toContain(image.id);
    expect(text).not.toContain(alice.userId);
    for (const image of mallorys.body.groups[0].images)
      expect(new URL(image.thumbnailUrl).pathname).toContain(`/users/${mallory.userId}/`);
    // A query naming Alice changes nothing: the route reads only the caller.
    const named = await harness.api(`/api/images/similar?userId=${alice.userId}`, { token: mallory.token });
    expect(named.body.groups.map((group: any) => group.images.map((image: any) => image.id))).toEqual(
      mallorys.body.groups.map((group: any) => group.images.map((image: any) => image.id)),
    );
    const ids = (body: any) => body.groups.map((group: any) => group.images.map((image: any) => image.id));
    expect(ids((await harness.api('/api/images/similar', { token: alice.token })).body)).toEqual(
      ids(before.body),
    );
  });
});

describe('settings', () => {
  it("are the caller's own: Mallory turning people recognition on and off never touches Alice's", async () => {
    const settings = (user: Owner) => harness.api('/api/settings', { token: user.token });
    const set = (user: Owner, peopleRecognition: boolean) =>
      harness.api('/api/settings', { token: user.token, method: 'PATCH', body: { peopleRecognition } });
    expect((await set(alice, true)).body).toEqual({ peopleRecognition: true });
    expect((await set(mallory, true)).body).toEqual({ peopleRecognition: true });
    expect((await set(mallory, false)).body).toEqual({ peopleRecognition: false });
    expect((await settings(alice)).body).toEqual({ peopleRecognition: true });
    expect((await settings(mallory)).body).toEqual({ peopleRecognition: false });
    // No route takes a user id for settings: there is no way to name Alice's.
    for (const route of routes.filter((entry) => entry.path.startsWith('/api/settings')))
      expect(route.path).toBe('/api/settings');
    await set(alice, false);
  });
});

describe('public routes', () => {
  it('are exactly the ones the manifest marks public, and answer anyone without naming any user', async () => {
    expect(routes.filter((route) => !route.authorized).map((route) => route.name)).toEqual([
      'health',
      'get-openapi',
      'get-shared-page',
      'get-shared-link',
    ]);
    const secrets = [alice.userId, alice.jobId, alice.albumId, ...alice.imageIds, ...alice.keys, 'users/'];
    for (const route of routes.filter((entry) => !entry.authorized)) {
      // A shared page opens with its link's token only (test/e2e/authorization-links.test.ts): any other
      // token, signed-in or not, is a 404 that names nobody.
      const shared = route.path.includes('{token}');
      const path = route.path.replace('{token}', 'A'.repeat(43));
      for (const token of [undefined, mallory.token]) {
        const answer = await harness.api(path, token ? { token } : {});
        expect([route.path, answer.status]).toEqual([route.path, shared ? 404 : 200]);
        const text = JSON.stringify(answer.body);
        for (const secret of secrets)
          expect([route.path, text.includes(secret)]).toEqual([route.path, false]);
      }
    }
  });
});

describe('tokens', () => {
  const sign = (secret: string, claims: { exp?: number; iss?: string; aud?: string; sub?: string } = {}) =>
    new SignJWT({ username: 'alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub ?? 'local:alice')
      .setIssuer(claims.iss ?? LOCAL_ISSUER)
      .setAudience(claims.aud ?? LOCAL_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 3600)
      .sign(new TextEncoder().encode(secret));

  const tampered = () => {
    const [header, payload, signature] = alice.token.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    return `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'local:mallory' })).toString('base64url')}.${signature}`;
  };
  const unsigned = () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'local:alice', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: 9_999_999_999 }),
    ).toString('base64url');
    return `${header}.${payload}.`;
  };

  it.each([
    ['no token', async () => undefined],
    ['an expired token', () => sign(SECRET, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['a token signed by another key', () => sign('another-secret-that-is-long-enough-987654321')],
    ['a tampered token', async () => tampered()],
    ['an unsigned (alg none) token', async () => unsigned()],
    ['a token for another audience', () => sign(SECRET, { aud: 'someone-else' })],
    ['a token from another issuer', () => sign(SECRET, { iss: 'https://evil.example' })],
  ])('%s → 401 on every authorized route', async (_, makeToken) => {
    const token = await makeToken();
    for (const [method, path] of [
      ['GET', '/api/galleries/me'],
      ['GET', `/api/jobs/${alice.jobId}/status`],
      ['GET', '/api/images'],
      ['GET', '/api/images/similar'],
      ['DELETE', `/api/images/${alice.imageIds[0]}`],
      ['POST', '/api/images/trash'],
      ['POST', '/api/images/restore'],
      ['GET', '/api/trash'],
      ['DELETE', '/api/trash'],
      ['POST', `/api/albums/${alice.albumId}/restore`],
      ['PATCH', `/api/albums/${alice.albumId}`],
      ['GET', '/api/settings'],
      ['PATCH', '/api/settings'],
      ['GET', '/api/people'],
      ['PATCH', `/api/people/${alicePeople[0]}`],
      ['POST', `/api/people/${alicePeople[0]}/merge`],
      ['POST', `/api/albums/${alice.albumId}/links`],
      ['GET', `/api/albums/${alice.albumId}/links`],
      ['DELETE', `/api/albums/${alice.albumId}/links/${aliceLinkId}`],
      ['GET', `/api/albums/${alice.albumId}/page/preview`],
    ] as const) {
      const response = await harness.api(path, {
        method,
        ...(token ? { token } : {}),
        ...(method === 'PATCH'
          ? { body: path === '/api/settings' ? { peopleRecognition: true } : { title: 'x' } }
          : {}),
      });
      expect([path, response.status, response.body?.error?.code]).toEqual([path, 401, 'unauthorized']);
    }
    expect((await harness.api('/api/galleries/me', { token: alice.token })).status).toBe(200);
  });
});
