/**
 * Shared albums, every role × every route (issue 17). Alice owns an album; Bob contributes to it (one
 * of his photos is in it), Carol views it, Eve contributed and was removed, Mallory never had anything
 * to do with it. Every route of the manifest is tried by every one of them against the album, its
 * photos and its members: the answer is the one written down for that role, nothing of Alice's that the
 * request did not name (and the role may not see) is in it, and the album, its photos and its members
 * are as they were. A route added to the manifest without a row here fails the guard test.
 */
import { type RouteName, routes } from '../../lambdas/handlers/http/routes.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { seedPeople } from '../support/seed-people.ts';
import { seedReadyPhotos } from '../support/seed-photos.ts';

type Role = 'owner' | 'viewer' | 'contributor' | 'removed' | 'stranger';
const ROLES: readonly Role[] = ['owner', 'viewer', 'contributor', 'removed', 'stranger'];
type Request = [method: string, path: string, body?: unknown];

interface Person {
  token: string;
  userId: string;
  photos: string[];
}

let harness: Harness;
const people = {} as Record<Role, Person>;
let albumId: string;
/** Bob's photo in Alice's album. */
let contributed: string;
let aliceKeys: string[];
/** The people in Alice's photos (issue 18), and the one in Bob's photo in her album. */
let alicePeople: string[];
let bobPerson: string;

const madeUp = () => crypto.randomUUID();
const day = (n: number) => new Date(Date.UTC(2026, 6, n, 12));

async function person(role: Role, name: string, count: number, albumTitle?: string) {
  const session = await harness.signIn(name);
  const seeded = await seedReadyPhotos(
    harness.app,
    session.userId,
    Array.from({ length: count }, (_, index) => ({ takenAt: day(index + 1), width: 100, height: 80 })),
    albumTitle ? { albumTitle } : {},
  );
  people[role] = { ...session, photos: seeded.ids };
  return seeded.albumId;
}

const as = (role: Role, [method, path, body]: Request) =>
  harness.api(path, { token: people[role].token, method, ...(body === undefined ? {} : { body }) });

async function join(role: Role, handle: string, memberRole: 'viewer' | 'contributor') {
  const invited = await as('owner', ['POST', `/api/albums/${albumId}/members`, { handle, role: memberRole }]);
  if (invited.status !== 201) throw new Error(`invite ${handle}: ${invited.status}`);
  const accepted = await as(role, ['POST', `/api/invitations/${albumId}/accept`]);
  if (accepted.status !== 200) throw new Error(`accept ${handle}: ${accepted.status}`);
}

beforeAll(async () => {
  harness = await startHarness({}, { background: false });
  albumId = (await person('owner', 'alice', 2, 'Shared summer')) as string;
  await person('contributor', 'bob', 2);
  await person('viewer', 'carol', 1);
  await person('removed', 'eve', 1);
  await person('stranger', 'mallory', 1);
  await join('contributor', 'bob', 'contributor');
  await join('viewer', 'carol', 'viewer');
  await join('removed', 'eve', 'contributor');
  contributed = people.contributor.photos[0] as string;
  const add = (role: Role, imageId: string) =>
    as(role, ['POST', `/api/shared-albums/${albumId}/images`, { imageIds: [imageId] }]);
  expect((await add('contributor', contributed)).status).toBe(200);
  expect((await add('removed', people.removed.photos[0] as string)).status).toBe(200);
  const removal = await as('owner', ['DELETE', `/api/albums/${albumId}/members/${people.removed.userId}`]);
  expect(removal.status).toBe(204);
  const rows = await harness.app.http.db
    .selectFrom('images')
    .select('storage_key')
    .where('owner_id', '=', people.owner.userId)
    .execute();
  aliceKeys = rows.map((row) => row.storage_key);
  const alices = await seedPeople(harness.app, people.owner.userId, {
    [people.owner.photos[0] as string]: [1, 2],
    [people.owner.photos[1] as string]: [1],
  });
  alicePeople = [alices.get(1), alices.get(2)] as string[];
  bobPerson = (await seedPeople(harness.app, people.contributor.userId, { [contributed]: [3] })).get(
    3,
  ) as string;
});
afterAll(() => harness?.stop());

/** The album as it stands (photos, order, cover, title) and its members, read from the database. */
async function albumState() {
  const db = harness.app.http.db;
  const album = await db
    .selectFrom('albums')
    .select(['title', 'theme_description', 'cover_image_id', 'deleted_at'])
    .where('id', '=', albumId)
    .executeTakeFirst();
  const photos = await db
    .selectFrom('album_images')
    .select(['image_id', 'display_order'])
    .where('album_id', '=', albumId)
    .orderBy('display_order')
    .execute();
  const members = await db
    .selectFrom('album_permissions')
    .select(['user_id', 'role', 'status'])
    .where('album_id', '=', albumId)
    .orderBy('user_id')
    .execute();
  const trashed = await db.selectFrom('images').select('id').where('trashed_at', 'is not', null).execute();
  // Its generated page (issue 17 item 3): members neither edit nor design it.
  const page = await db.selectFrom('album_pages').selectAll().where('album_id', '=', albumId).execute();
  return { album, photos, members, trashed, page };
}

/** The routes only members use to reach the album: what they may see there is theirs to see. */
const MEMBER_VIEWS = new Set<RouteName>([
  'list-shared-albums',
  'get-shared-album',
  'add-shared-album-images',
  'remove-shared-album-images',
]);

const ALL_404 = { viewer: 404, contributor: 404, removed: 404, stranger: 404 } as const;
const ALL_200 = { owner: 200, viewer: 200, contributor: 200, removed: 200, stranger: 200 } as const;

interface Case {
  /** The request each role makes (by default the same for all). */
  request: (role: Role) => Request;
  /**
   * The status each role gets. The owner is left out where the request would change the album the
   * owner's way (its own suites cover that: album-editing, organize-by-hand, shared-albums).
   */
  expect: Partial<Record<Role, number>> & Record<Exclude<Role, 'owner'>, number>;
}

const alicePhoto = () => people.owner.photos[0] as string;

/** One row per route of the manifest. */
function cases(): Record<RouteName, Case> {
  return {
    health: { request: () => ['GET', '/api/health'], expect: ALL_200 },
    'get-openapi': { request: () => ['GET', '/api/openapi.json'], expect: ALL_200 },
    'generate-upload-urls': {
      request: (role) => [
        'POST',
        '/api/uploads/generate-urls',
        { files: [{ name: `${role}.jpg`, contentType: 'image/jpeg', size: 10 }] },
      ],
      expect: ALL_200,
    },
    'process-gallery': {
      request: () => ['POST', '/api/galleries/process', { imageKeys: aliceKeys.slice(0, 1) }],
      expect: ALL_404,
    },
    'get-job-status': {
      request: () => ['GET', `/api/jobs/${madeUp()}/status`],
      expect: { owner: 404, ...ALL_404 },
    },
    'retry-job': {
      request: () => ['POST', `/api/jobs/${madeUp()}/retry`],
      expect: { owner: 404, ...ALL_404 },
    },
    'undo-job': { request: () => ['POST', `/api/jobs/${madeUp()}/undo`], expect: { owner: 404, ...ALL_404 } },
    'get-gallery': {
      request: () => ['GET', `/api/galleries/${people.owner.userId}`],
      expect: { owner: 200, ...ALL_404 },
    },
    'update-album': {
      // The owner may not make a photo that left the album (Eve's, removed with her) its cover.
      request: (role) => [
        'PATCH',
        `/api/albums/${albumId}`,
        role === 'owner' ? { coverImageId: people.removed.photos[0] } : { title: 'Taken over' },
      ],
      expect: { owner: 400, ...ALL_404 },
    },
    'delete-album': { request: () => ['DELETE', `/api/albums/${albumId}`], expect: ALL_404 },
    // Members never read or edit the page by the owner's routes (a share link shows it).
    'get-album-page': {
      request: () => ['GET', `/api/albums/${albumId}/page`],
      expect: { owner: 200, ...ALL_404 },
    },
    'update-album-page': {
      request: () => ['PATCH', `/api/albums/${albumId}/page`, { headline: 'Taken over' }],
      expect: ALL_404,
    },
    'generate-album-page': {
      request: () => ['POST', `/api/albums/${albumId}/page/generate`],
      expect: ALL_404,
    },
    'restore-album': {
      request: () => ['POST', `/api/albums/${albumId}/restore`],
      expect: { owner: 404, ...ALL_404 },
    },
    'create-album': {
      // Alice cannot make an album of Bob's photo either: it is in her album, not in her library.
      request: (role) => [
        'POST',
        '/api/albums',
        { title: 'Mine', imageIds: [role === 'owner' ? contributed : alicePhoto()] },
      ],
      expect: { owner: 404, ...ALL_404 },
    },
    'merge-albums': {
      request: (role) => [
        'POST',
        `/api/albums/${role === 'owner' ? madeUp() : albumId}/merge`,
        { albumIds: [role === 'owner' ? albumId : madeUp()] },
      ],
      expect: { owner: 404, ...ALL_404 },
    },
    'add-album-image': {
      // Members reach the album through the shared routes only; the owner cannot put a member's photo
      // in by the owner's route.
      request: (role) => [
        'POST',
        `/api/albums/${albumId}/images`,
        {
          imageIds: [
            role === 'owner' ? (people.contributor.photos[1] as string) : (people[role].photos[0] as string),
          ],
        },
      ],
      expect: { owner: 404, ...ALL_404 },
    },
    'remove-album-images': {
      request: () => [
        'POST',
        `/api/albums/${albumId}/images/remove`,
        { imageIds: [alicePhoto(), contributed] },
      ],
      expect: ALL_404,
    },
    'remove-album-image': {
      request: () => ['DELETE', `/api/albums/${albumId}/images/${contributed}`],
      expect: ALL_404,
    },
    'delete-image': {
      // Nobody trashes anyone else's photo: not a member the owner's, not the owner a member's.
      request: (role) => ['DELETE', `/api/images/${role === 'owner' ? contributed : alicePhoto()}`],
      expect: { owner: 404, ...ALL_404 },
    },
    'get-image': {
      request: (role) => ['GET', `/api/images/${role === 'owner' ? contributed : alicePhoto()}`],
      expect: { owner: 404, ...ALL_404 },
    },
    'trash-images': {
      request: (role) => [
        'POST',
        '/api/images/trash',
        { imageIds: [role === 'owner' ? contributed : alicePhoto()] },
      ],
      expect: { owner: 404, ...ALL_404 },
    },
    'restore-images': {
      request: (role) => [
        'POST',
        '/api/images/restore',
        { imageIds: [role === 'owner' ? contributed : alicePhoto()] },
      ],
      expect: { owner: 404, ...ALL_404 },
    },
    'list-trash': { request: () => ['GET', '/api/trash'], expect: ALL_200 },
    'empty-trash': { request: () => ['DELETE', '/api/trash'], expect: ALL_200 },
    'list-images': { request: () => ['GET', '/api/images?limit=100'], expect: ALL_200 },
    'list-similar-images': { request: () => ['GET', '/api/images/similar'], expect: ALL_200 },
    // The owner's own words and album: members find nothing of the owner's through search.
    search: {
      request: () => ['GET', `/api/search?q=${encodeURIComponent('shared summer')}&album=${albumId}`],
      expect: ALL_200,
    },
    'search-filters': { request: () => ['GET', '/api/search/filters'], expect: ALL_200 },
    'get-settings': { request: () => ['GET', '/api/settings'], expect: ALL_200 },
    // On, not off: off would delete the owner's people, which the people rows below try to reach.
    'update-settings': {
      request: () => ['PATCH', '/api/settings', { peopleRecognition: true }],
      expect: ALL_200,
    },
    // Each reads or changes the caller's own people only: Alice's are nobody else's to name or merge.
    'list-people': { request: () => ['GET', '/api/people'], expect: ALL_200 },
    'update-person': {
      request: () => ['PATCH', `/api/people/${alicePeople[1]}`, { name: 'Renamed' }],
      expect: { owner: 200, ...ALL_404 },
    },
    'merge-people': {
      request: () => ['POST', `/api/people/${alicePeople[1]}/merge`, { into: alicePeople[0] }],
      expect: ALL_404,
    },
    'invite-member': {
      request: (role) => [
        'POST',
        `/api/albums/${albumId}/members`,
        { handle: role === 'owner' ? 'alice' : 'mallory-friend', role: 'contributor' },
      ],
      expect: { owner: 400, ...ALL_404 },
    },
    'list-members': {
      request: () => ['GET', `/api/albums/${albumId}/members`],
      expect: { owner: 200, ...ALL_404 },
    },
    'remove-member': {
      // Nobody but the owner removes anyone: Bob tries Carol, the others Bob; the owner cannot "leave".
      request: (role) => [
        'DELETE',
        `/api/albums/${albumId}/members/${
          role === 'owner' ? 'me' : role === 'contributor' ? people.viewer.userId : people.contributor.userId
        }`,
      ],
      expect: { owner: 404, ...ALL_404 },
    },
    'list-invitations': { request: () => ['GET', '/api/invitations'], expect: ALL_200 },
    'accept-invitation': {
      // No open invitation for anyone: accepted already, removed, never invited, the owner.
      request: () => ['POST', `/api/invitations/${albumId}/accept`],
      expect: { owner: 404, ...ALL_404 },
    },
    'decline-invitation': {
      // Declining is for open invitations: it never takes an accepted member out.
      request: () => ['POST', `/api/invitations/${albumId}/decline`],
      expect: { owner: 404, ...ALL_404 },
    },
    'list-shared-albums': { request: () => ['GET', '/api/shared-albums'], expect: ALL_200 },
    'get-shared-album': {
      request: () => ['GET', `/api/shared-albums/${albumId}`],
      expect: { owner: 404, viewer: 200, contributor: 200, removed: 404, stranger: 404 },
    },
    'add-shared-album-images': {
      // Bob adds his photo that is already there (nothing changes); the viewer may add nothing.
      request: (role) => [
        'POST',
        `/api/shared-albums/${albumId}/images`,
        { imageIds: [people[role].photos[0]] },
      ],
      expect: { owner: 404, viewer: 403, contributor: 200, removed: 404, stranger: 404 },
    },
    'remove-shared-album-images': {
      // Each names an own photo that is not in the album (Bob's second; Eve's left with her), except
      // the viewer, who names Bob's: refused as a viewer before anything else.
      request: (role) => [
        'POST',
        `/api/shared-albums/${albumId}/images/remove`,
        {
          imageIds: [
            role === 'contributor'
              ? (people.contributor.photos[1] as string)
              : role === 'viewer'
                ? contributed
                : (people[role].photos[0] as string),
          ],
        },
      ],
      expect: { owner: 404, viewer: 403, contributor: 200, removed: 404, stranger: 404 },
    },
    // Share links are the owner's alone: members are strangers to them (test/e2e/authorization-links.test.ts
    // covers the links themselves).
    'create-share-link': {
      request: () => ['POST', `/api/albums/${albumId}/links`, {}],
      expect: { owner: 201, ...ALL_404 },
    },
    'list-share-links': {
      request: () => ['GET', `/api/albums/${albumId}/links`],
      expect: { owner: 200, ...ALL_404 },
    },
    'revoke-share-link': {
      request: () => ['DELETE', `/api/albums/${albumId}/links/${madeUp()}`],
      expect: { owner: 404, ...ALL_404 },
    },
    'preview-album-page': {
      request: () => ['GET', `/api/albums/${albumId}/page/preview`],
      expect: { owner: 200, ...ALL_404 },
    },
    // Public: a token that opens nothing is the same 404 for everyone, signed in or not.
    'get-shared-page': { request: () => ['GET', `/s/${'A'.repeat(43)}`], expect: { owner: 404, ...ALL_404 } },
    'get-shared-link': {
      request: () => ['GET', `/api/shared/${'A'.repeat(43)}`],
      expect: { owner: 404, ...ALL_404 },
    },
  };
}

it('covers every route of the manifest (a new route needs its row here)', () => {
  expect(Object.keys(cases()).sort()).toEqual(routes.map((route) => route.name).sort());
});

const table = () =>
  Object.entries(cases()).flatMap(([name, entry]) =>
    ROLES.filter((role) => entry.expect[role] !== undefined).map(
      (role) => [`${role} ${name}`, name as RouteName, role, entry] as const,
    ),
  );

describe.each(['owner', 'viewer', 'contributor', 'removed', 'stranger'] as const)('%s', (who) => {
  it.each(table().filter(([, , role]) => role === who))(
    '%s → the answer written down for the role, nothing else revealed, the album unchanged',
    async (_, name, role, entry) => {
      const before = await albumState();
      const request = entry.request(role);
      const response = await as(role, request);
      expect({ route: name, status: response.status }).toEqual({ route: name, status: entry.expect[role] });
      const text = JSON.stringify(response.body);
      const named = JSON.stringify(request);
      // Those who may not see the album learn nothing of it, not even the owner's id. Members looking
      // at it do see the owner's id, in the photos' storage keys and URLs (users/<owner id>/...): an id
      // that opens nothing, since every route reads the caller's own or the album they are in.
      const mayLook = (role === 'viewer' || role === 'contributor') && MEMBER_VIEWS.has(name);
      const secrets =
        role === 'owner' || mayLook
          ? []
          : [people.owner.userId, albumId, ...people.owner.photos, ...aliceKeys, ...alicePeople];
      for (const secret of secrets.filter((value) => !named.includes(value)))
        expect(text).not.toContain(secret);
      expect(await albumState()).toEqual(before);
    },
  );
});

describe('what each role sees of the album', () => {
  it('the owner and the members see its photos, the contributor knows which are theirs', async () => {
    const owner = await as('owner', ['GET', '/api/galleries/me']);
    const album = owner.body.albums.find((candidate: any) => candidate.id === albumId);
    const shown = [...people.owner.photos, contributed];
    expect(album.images.map((image: any) => image.id)).toEqual(shown);
    for (const role of ['viewer', 'contributor'] as const) {
      const seen = await as(role, ['GET', `/api/shared-albums/${albumId}`]);
      expect(seen.body.images.map((image: any) => image.id)).toEqual(shown);
      expect(seen.body.yourImageIds).toEqual(role === 'contributor' ? [contributed] : []);
    }
    // Eve's photo left the album with her, and is still hers.
    const eve = await as('removed', ['GET', '/api/images?limit=100']);
    expect(eve.body.images.map((image: any) => image.id)).toEqual(people.removed.photos);
  });

  it("people are each user's own: members see none of the owner's, the owner none of a contributor's", async () => {
    const listed = async (role: Role) =>
      (await as(role, ['GET', '/api/people'])).body.people.map((person: any) => person.id);
    expect((await listed('owner')).sort()).toEqual([...alicePeople].sort());
    expect(await listed('contributor')).toEqual([bobPerson]);
    for (const role of ['viewer', 'removed', 'stranger'] as const) expect(await listed(role)).toEqual([]);
    for (const role of ['viewer', 'contributor', 'removed'] as const) {
      const text = JSON.stringify((await as(role, ['GET', '/api/people'])).body);
      for (const secret of [...alicePeople, ...people.owner.photos, people.owner.userId])
        expect(text).not.toContain(secret);
    }
    // Bob's photo is in Alice's album, yet his face is his: Alice cannot name or merge him.
    expect((await as('owner', ['PATCH', `/api/people/${bobPerson}`, { name: 'Bob' }])).status).toBe(404);
    const merge = await as('owner', ['POST', `/api/people/${bobPerson}/merge`, { into: alicePeople[0] }]);
    expect(merge.status).toBe(404);
  });

  it("a member's library, Trash and gallery hold nothing of the owner's", async () => {
    for (const role of ['viewer', 'contributor', 'removed'] as const) {
      for (const path of [
        '/api/galleries/me',
        '/api/images?limit=100',
        '/api/trash',
        '/api/images/similar',
        '/api/search?q=shared',
        `/api/search?album=${albumId}`,
        '/api/search?album=none',
        '/api/search/filters',
      ]) {
        const text = JSON.stringify((await as(role, ['GET', path])).body);
        const named = path.includes(albumId) ? [] : [albumId];
        for (const secret of [...named, ...people.owner.photos, people.owner.userId])
          expect(text).not.toContain(secret);
      }
    }
  });
});
