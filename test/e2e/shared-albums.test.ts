/**
 * Shared albums with members over HTTP against the local app (issue 17): invite, accept, decline,
 * contributors adding and taking out their own photos, viewers only looking, the Trash hiding a
 * member's photo from everyone, the owner removing a member and a member leaving (their photos go with
 * them). Every answer is also checked against the OpenAPI document by the harness.
 */
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { seedReadyPhotos } from '../support/seed-photos.ts';

let harness: Harness;
type User = { token: string; userId: string; photos: string[] };
let alice: User;
let bob: User;
let carol: User;
let albumId: string;

const day = (n: number) => new Date(Date.UTC(2026, 5, n, 12));

async function user(name: string, count: number, albumTitle?: string) {
  const session = await harness.signIn(name);
  const seeded = await seedReadyPhotos(
    harness.app,
    session.userId,
    Array.from({ length: count }, (_, index) => ({ takenAt: day(index + 1), width: 120, height: 90 })),
    albumTitle ? { albumTitle } : {},
  );
  return { user: { ...session, photos: seeded.ids }, albumId: seeded.albumId };
}

beforeAll(async () => {
  // No pollers: seeded photos are ready already, and nothing here needs the queue.
  harness = await startHarness({}, { background: false });
  const owner = await user('alice', 2, 'Lake trip');
  alice = owner.user;
  albumId = owner.albumId as string;
  bob = (await user('bob', 3)).user;
  carol = (await user('carol', 1)).user;
});
afterAll(() => harness?.stop());

const as = (who: User, path: string, init: { method?: string; body?: unknown } = {}) =>
  harness.api(path, { token: who.token, ...init });
const shared = (who: User) => as(who, `/api/shared-albums/${albumId}`);
const ownersAlbum = async () =>
  (await as(alice, '/api/galleries/me')).body.albums.find((album: any) => album.id === albumId);
const ids = (album: any) => album.images.map((image: any) => image.id);

describe('inviting', () => {
  it('the owner invites by username; the invitee sees the invitation, not yet the album', async () => {
    const invited = await as(alice, `/api/albums/${albumId}/members`, {
      body: { handle: 'Bob', role: 'contributor' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      userId: bob.userId,
      displayName: 'bob',
      invitedAs: 'Bob',
      role: 'contributor',
      status: 'invited',
      respondedAt: null,
    });
    const viewer = await as(alice, `/api/albums/${albumId}/members`, { body: { handle: 'carol' } });
    expect(viewer.body).toMatchObject({ userId: carol.userId, role: 'viewer' });

    const invitations = await as(bob, '/api/invitations');
    expect(invitations.body.invitations).toEqual([
      { albumId, title: 'Lake trip', ownerName: 'alice', role: 'contributor', invitedAt: expect.any(String) },
    ]);
    expect((await as(bob, '/api/shared-albums')).body.albums).toEqual([]);
    expect((await shared(bob)).status).toBe(404);
  });

  it('someone who never signed in can be invited: the invitation waits for them', async () => {
    const invited = await as(alice, `/api/albums/${albumId}/members`, { body: { handle: 'dave' } });
    expect(invited.status).toBe(201);
    const dave = await harness.signIn('dave');
    expect(dave.userId).toBe(invited.body.userId);
    const invitations = await harness.api('/api/invitations', { token: dave.token });
    expect(invitations.body.invitations.map((invitation: any) => invitation.albumId)).toEqual([albumId]);
    // Declining forgets it: the owner's list no longer has dave, and he cannot accept it later.
    expect(
      (await harness.api(`/api/invitations/${albumId}/decline`, { token: dave.token, method: 'POST' }))
        .status,
    ).toBe(204);
    expect((await harness.api('/api/invitations', { token: dave.token })).body.invitations).toEqual([]);
    const accept = await harness.api(`/api/invitations/${albumId}/accept`, {
      token: dave.token,
      method: 'POST',
    });
    expect(accept.status).toBe(404);
    const members = await as(alice, `/api/albums/${albumId}/members`);
    expect(members.body.members.map((member: any) => member.displayName)).toEqual(['bob', 'carol']);
  });

  it('refuses yourself, someone already invited, and a handle that names nobody', async () => {
    const invite = (handle: string) => as(alice, `/api/albums/${albumId}/members`, { body: { handle } });
    expect((await invite('alice')).body.error.code).toBe('invite_self');
    const again = await invite('BOB');
    expect([again.status, again.body.error.code]).toEqual([409, 'already_member']);
    const nobody = await invite('no such/user');
    expect([nobody.status, nobody.body.error.code]).toEqual([404, 'not_found']);
    const role = await as(alice, `/api/albums/${albumId}/members`, {
      body: { handle: 'erin', role: 'owner' },
    });
    expect(role.status).toBe(400);
  });
});

describe('members', () => {
  it('accepting puts the album under Shared with me, with its owner and role', async () => {
    const accepted = await as(bob, `/api/invitations/${albumId}/accept`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      id: albumId,
      title: 'Lake trip',
      ownerName: 'alice',
      role: 'contributor',
      photoCount: 2,
    });
    expect(accepted.body.cover.id).toBe(alice.photos[0]);
    expect((await as(carol, `/api/invitations/${albumId}/accept`, { method: 'POST' })).status).toBe(200);
    const list = await as(bob, '/api/shared-albums');
    expect(list.body.albums.map((album: any) => album.id)).toEqual([albumId]);
    const album = await shared(bob);
    expect(album.status).toBe(200);
    expect(ids(album.body)).toEqual(alice.photos);
    expect(album.body.yourImageIds).toEqual([]);
    // Declining an invitation already accepted changes nothing.
    expect((await as(bob, `/api/invitations/${albumId}/decline`, { method: 'POST' })).status).toBe(404);
    expect((await shared(bob)).status).toBe(200);
  });

  it('a contributor adds their own photos; the owner and the viewers see them', async () => {
    const [mine] = bob.photos as [string];
    const added = await as(bob, `/api/shared-albums/${albumId}/images`, { body: { imageIds: [mine] } });
    expect(added.status).toBe(200);
    expect(ids(added.body)).toEqual([...alice.photos, mine]);
    expect(added.body.yourImageIds).toEqual([mine]);
    expect(ids(await ownersAlbum())).toEqual([...alice.photos, mine]);
    expect(ids((await shared(carol)).body)).toEqual([...alice.photos, mine]);
    // Signed for bob's object, which the owner and the viewer may now load.
    const image = (await shared(carol)).body.images.at(-1);
    expect(new URL(image.thumbnailUrl).pathname).toContain(`/users/${bob.userId}/`);
    expect((await fetch(image.thumbnailUrl)).status).toBe(200);
    // The owner's library and Trash stay the owner's own.
    const library = await as(alice, '/api/images?limit=100');
    expect(library.body.images.map((photo: any) => photo.id)).not.toContain(mine);
  });

  it("a contributor cannot add or take out anyone else's photos, and a viewer cannot add any", async () => {
    const before = ids(await ownersAlbum());
    const others = await as(bob, `/api/shared-albums/${albumId}/images/remove`, {
      body: { imageIds: [bob.photos[0], alice.photos[0]] },
    });
    expect([others.status, others.body.error.details.imageIds]).toEqual([404, [alice.photos[0]]]);
    const foreign = await as(bob, `/api/shared-albums/${albumId}/images`, {
      body: { imageIds: [carol.photos[0]] },
    });
    expect(foreign.status).toBe(404);
    const viewer = await as(carol, `/api/shared-albums/${albumId}/images`, {
      body: { imageIds: carol.photos },
    });
    expect([viewer.status, viewer.body.error.code]).toEqual([403, 'not_contributor']);
    const viewerRemoves = await as(carol, `/api/shared-albums/${albumId}/images/remove`, {
      body: { imageIds: [bob.photos[0]] },
    });
    expect(viewerRemoves.status).toBe(403);
    // Members reach the album only through the shared routes: the owner's routes are 404 to them.
    expect(
      (await as(bob, `/api/albums/${albumId}/images/remove`, { body: { imageIds: alice.photos } })).status,
    ).toBe(404);
    expect(
      (await as(bob, `/api/albums/${albumId}`, { method: 'PATCH', body: { title: 'Mine' } })).status,
    ).toBe(404);
    expect((await as(bob, `/api/albums/${albumId}/members`)).status).toBe(404);
    expect((await as(bob, `/api/images/${alice.photos[0]}`, { method: 'DELETE' })).status).toBe(404);
    // ... and the owner cannot trash or read the info of a member's photo: it stays the member's.
    expect((await as(alice, `/api/images/${bob.photos[0]}`, { method: 'DELETE' })).status).toBe(404);
    expect((await as(alice, `/api/images/${bob.photos[0]}`)).status).toBe(404);
    expect(ids(await ownersAlbum())).toEqual(before);
  });

  it("a member's photo in their Trash is hidden from everyone, and back when restored", async () => {
    const [mine] = bob.photos as [string];
    expect((await as(bob, `/api/images/${mine}`, { method: 'DELETE' })).status).toBe(200);
    expect(ids((await shared(carol)).body)).toEqual(alice.photos);
    expect(ids(await ownersAlbum())).toEqual(alice.photos);
    expect((await as(carol, '/api/shared-albums')).body.albums[0].photoCount).toBe(2);
    expect((await as(bob, '/api/images/restore', { body: { imageIds: [mine] } })).status).toBe(200);
    expect(ids((await shared(carol)).body)).toEqual([...alice.photos, mine]);
  });

  it('a contributor takes their own photo out; the owner may take out any photo of the album', async () => {
    const [first, second] = bob.photos as [string, string];
    await as(bob, `/api/shared-albums/${albumId}/images`, { body: { imageIds: [second] } });
    const removed = await as(bob, `/api/shared-albums/${albumId}/images/remove`, {
      body: { imageIds: [first] },
    });
    expect(ids(removed.body)).toEqual([...alice.photos, second]);
    expect(removed.body.images.map((image: any) => image.displayOrder)).toEqual([0, 1, 2]);
    const byOwner = await as(alice, `/api/albums/${albumId}/images/remove`, { body: { imageIds: [second] } });
    expect(ids(byOwner.body)).toEqual(alice.photos);
    // Both photos are still bob's, in his library.
    const library = await as(bob, '/api/images?limit=100');
    expect(library.body.images.map((photo: any) => photo.id)).toEqual(
      expect.arrayContaining([first, second]),
    );
  });
});

describe('merging', () => {
  it('a shared album cannot be merged away (its members and their photos would go); merging into it can', async () => {
    const before = ids(await ownersAlbum());
    const other = await as(alice, '/api/albums', { body: { title: 'Elsewhere' } });
    expect(other.status).toBe(201);

    const away = await as(alice, `/api/albums/${other.body.id}/merge`, { body: { albumIds: [albumId] } });
    expect(away.status).toBe(409);
    expect(away.body.error).toMatchObject({ code: 'album_shared', details: { albumIds: [albumId] } });
    expect(ids(await ownersAlbum())).toEqual(before);
    expect((await shared(bob)).status).toBe(200);

    const into = await as(alice, `/api/albums/${albumId}/merge`, { body: { albumIds: [other.body.id] } });
    expect(into.status).toBe(200);
    expect((await shared(bob)).status).toBe(200);
  });
});

describe('going', () => {
  it('the owner removes a member: their photos leave the album, the album leaves them', async () => {
    const [, , third] = bob.photos as [string, string, string];
    await as(bob, `/api/shared-albums/${albumId}/images`, { body: { imageIds: [third] } });
    expect(ids(await ownersAlbum())).toContain(third);
    expect(
      (await as(alice, `/api/albums/${albumId}/members/${bob.userId}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect(ids(await ownersAlbum())).toEqual(alice.photos);
    expect((await shared(bob)).status).toBe(404);
    expect((await as(bob, '/api/shared-albums')).body.albums).toEqual([]);
    const addAgain = await as(bob, `/api/shared-albums/${albumId}/images`, { body: { imageIds: [third] } });
    expect(addAgain.status).toBe(404);
    expect((await as(bob, '/api/images?limit=100')).body.images.map((photo: any) => photo.id)).toContain(
      third,
    );
    // Removing someone who is not a member is 404.
    expect(
      (await as(alice, `/api/albums/${albumId}/members/${bob.userId}`, { method: 'DELETE' })).status,
    ).toBe(404);
  });

  it('a member leaves with `me`', async () => {
    expect((await as(carol, `/api/albums/${albumId}/members/me`, { method: 'DELETE' })).status).toBe(204);
    expect((await shared(carol)).status).toBe(404);
    expect((await as(alice, `/api/albums/${albumId}/members`)).body.members).toEqual([]);
    expect((await as(carol, `/api/albums/${albumId}/members/me`, { method: 'DELETE' })).status).toBe(404);
  });

  it('a deleted album is shared with nobody, and back for its members when restored', async () => {
    await as(alice, `/api/albums/${albumId}/members`, { body: { handle: 'carol' } });
    await as(carol, `/api/invitations/${albumId}/accept`, { method: 'POST' });
    expect((await as(alice, `/api/albums/${albumId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await shared(carol)).status).toBe(404);
    expect((await as(carol, '/api/shared-albums')).body.albums).toEqual([]);
    expect((await as(alice, `/api/albums/${albumId}/restore`, { method: 'POST' })).status).toBe(200);
    expect((await shared(carol)).status).toBe(200);
  });
});
