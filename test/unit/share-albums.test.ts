/**
 * Sharing albums with members, in the core (issue 17): the use cases on strict in-memory fakes with
 * PostgresMemberRepository's semantics (the same behaviour on real PostgreSQL is in
 * test/integration/postgres-member-repository.test.ts).
 */
import { MAX_ALBUM_MEMBERS, MAX_INVITATION_EMAILS } from '../../lambdas/core/album-members.ts';
import { getGallery } from '../../lambdas/core/use-cases/get-gallery.ts';
import {
  acceptInvitation,
  addOwnPhotos,
  declineInvitation,
  getSharedAlbum,
  inviteMember,
  listInvitations,
  listMembers,
  listSharedAlbums,
  removeMember,
  removeOwnPhotos,
} from '../../lambdas/core/use-cases/share-albums.ts';
import {
  FakeDirectory,
  FakeUrlSigner,
  InMemoryAlbums,
  InMemoryMembers,
  InMemoryPhotos,
  InMemoryTrash,
  InMemoryUsers,
  ManualClock,
} from '../fakes/in-memory-ports.ts';
import { outcome } from '../support/outcome.ts';

async function setup() {
  const clock = new ManualClock();
  const photos = new InMemoryPhotos({ clock });
  const albums = new InMemoryAlbums(photos, { clock });
  const users = new InMemoryUsers();
  const members = new InMemoryMembers(albums, photos, users, { clock });
  const directory = new FakeDirectory();
  for (const name of ['alice', 'bob', 'carol']) directory.add(name);
  const deps = { members, users, directory, albums, gallery: albums, urls: new FakeUrlSigner(), clock };
  const alice = await users.ensure('local:alice', 'alice');
  const bob = await users.ensure('local:bob', 'bob');
  const carol = await users.ensure('local:carol', 'carol');
  const alicePhotos = [await photos.addTestPhoto(alice.id), await photos.addTestPhoto(alice.id)];
  const bobPhotos = [await photos.addTestPhoto(bob.id), await photos.addTestPhoto(bob.id)];
  const albumId = albums.insert({ ownerId: alice.id, title: 'Lake', imageIds: alicePhotos });
  return {
    deps,
    photos,
    albums,
    trash: new InMemoryTrash(photos, albums),
    alice,
    bob,
    carol,
    alicePhotos,
    bobPhotos,
    albumId,
  };
}

async function shared() {
  const world = await setup();
  const { deps, alice, albumId } = world;
  await inviteMember(deps, alice.id, albumId, { handle: 'bob', role: 'contributor' });
  await inviteMember(deps, alice.id, albumId, { handle: 'carol', role: 'viewer' });
  await acceptInvitation(deps, world.bob.id, albumId);
  await acceptInvitation(deps, world.carol.id, albumId);
  return world;
}

const ids = (album: { photos: { id: string }[] }) => album.photos.map((photo) => photo.id);

describe('inviting', () => {
  it('finds the invitee through the directory, makes their user, and lists the invitation for them', async () => {
    const { deps, alice, albumId } = await setup();
    const member = await inviteMember(deps, alice.id, albumId, { handle: ' Dave ', role: 'viewer' });
    expect(member).toMatchObject({
      displayName: 'dave',
      invitedAs: 'Dave',
      role: 'viewer',
      status: 'invited',
    });
    const dave = await deps.users.ensure('local:dave');
    expect(dave.id).toBe(member.userId);
    expect(await listInvitations(deps, dave.id)).toEqual([
      { albumId, title: 'Lake', ownerName: 'alice', role: 'viewer', invitedAt: expect.any(Date) },
    ]);
    expect(await listMembers(deps, alice.id, albumId)).toEqual([member]);
  });

  it('refuses yourself, a second invitation, a handle naming nobody, and an album not yours — asking nobody for the last', async () => {
    const { deps, alice, bob, albumId } = await setup();
    const invite = (handle: string, owner = alice.id, album = albumId) =>
      outcome(inviteMember(deps, owner, album, { handle, role: 'viewer' }));
    expect(await invite('alice')).toMatchObject({ status: 400, code: 'invite_self' });
    await invite('bob');
    expect(await invite('BOB')).toMatchObject({ status: 409, code: 'already_member' });
    expect(await invite('no one')).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'user not found',
    });
    expect(await invite('  ')).toMatchObject({ status: 400, code: 'invalid_request' });
    const users = deps.users.rows.size;
    expect(await invite('erin', bob.id)).toMatchObject({ status: 404, message: 'album not found' });
    // Not the caller's album: no one is created in the directory (in AWS: no email) and no user is made.
    expect(deps.users.rows.size).toBe(users);
    // Only 'no one' reached the directory's invite, which refused it.
    expect(deps.directory.created).toEqual([]);
  });

  it('a refused invitation creates nobody in the directory and emails no one', async () => {
    const { deps, alice, bob, albumId, albums } = await setup();
    const invite = (handle: string, owner = alice.id, album = albumId) =>
      outcome(inviteMember(deps, owner, album, { handle, role: 'viewer' }));
    expect(await invite('dave')).toBe('succeeded');
    expect(deps.directory.created).toEqual(['dave']);
    // Dave never signed in (pending): a second invitation to the same album is refused before any email.
    expect(await invite('DAVE')).toMatchObject({ status: 409, code: 'already_member' });
    expect(await invite('frank', bob.id)).toMatchObject({ status: 404, message: 'album not found' });
    expect(await invite('alice')).toMatchObject({ status: 400, code: 'invite_self' });
    expect(deps.directory.created).toEqual(['dave']);
    expect(deps.directory.resent).toEqual([]);
    // A full album refuses a new address before the directory is asked to invite it.
    for (let index = 1; index < MAX_ALBUM_MEMBERS; index += 1) {
      deps.directory.add(`member${index}`);
      expect(await invite(`member${index}`)).toBe('succeeded');
    }
    expect(await invite('newcomer')).toMatchObject({ status: 409, code: 'too_many_members' });
    expect(deps.directory.created).toEqual(['dave']);
    expect(await deps.directory.lookup('newcomer')).toBeNull();
    // Invited to another album while still pending, Dave gets a fresh email.
    const other = albums.insert({ ownerId: alice.id, title: 'Sea', imageIds: [] });
    expect(await invite('dave', alice.id, other)).toBe('succeeded');
    expect(deps.directory.resent).toEqual(['dave']);
  });

  it(`emails at most ${MAX_INVITATION_EMAILS} invitations a day per owner; known users do not count`, async () => {
    const { deps, alice, albumId, albums } = await setup();
    const second = albums.insert({ ownerId: alice.id, title: 'Sea', imageIds: [] });
    const invite = (handle: string, album = albumId) =>
      outcome(inviteMember(deps, alice.id, album, { handle, role: 'viewer' }));
    for (let index = 0; index < MAX_INVITATION_EMAILS; index += 1) {
      expect(await invite(`friend${index}`)).toBe('succeeded');
    }
    expect(await invite('one.more')).toMatchObject({
      status: 429,
      code: 'too_many_invitations',
      details: { limit: MAX_INVITATION_EMAILS },
    });
    // A pending invitee's fresh email counts too; someone who signed in is invited without an email.
    expect(await invite('friend0', second)).toMatchObject({ status: 429, code: 'too_many_invitations' });
    expect(await invite('bob')).toBe('succeeded');
    // A handle naming no one is "not found", not a spent invitation.
    expect(await invite('no one')).toMatchObject({ status: 404, message: 'user not found' });
    expect(deps.directory.created).toHaveLength(MAX_INVITATION_EMAILS);
    expect(deps.directory.resent).toEqual([]);
    deps.clock.advance(24 * 60 * 60 * 1000);
    expect(await invite('one.more')).toBe('succeeded');
  });

  it('an accepted invitation shares the album; a declined one is forgotten', async () => {
    const { deps, alice, bob, carol, albumId } = await setup();
    await inviteMember(deps, alice.id, albumId, { handle: 'bob', role: 'contributor' });
    await inviteMember(deps, alice.id, albumId, { handle: 'carol', role: 'viewer' });
    const accepted = await acceptInvitation(deps, bob.id, albumId);
    expect(accepted).toMatchObject({ id: albumId, ownerName: 'alice', role: 'contributor', photoCount: 2 });
    expect(accepted.cover?.thumbnailUrl).toMatch(/^https:\/\//);
    await declineInvitation(deps, carol.id, albumId);
    expect(await outcome(acceptInvitation(deps, carol.id, albumId))).toMatchObject({ status: 404 });
    expect(await outcome(declineInvitation(deps, bob.id, albumId))).toMatchObject({ status: 404 });
    expect((await listMembers(deps, alice.id, albumId)).map((member) => member.displayName)).toEqual(['bob']);
    expect((await listSharedAlbums(deps, bob.id)).map((album) => album.id)).toEqual([albumId]);
    expect(await listSharedAlbums(deps, carol.id)).toEqual([]);
  });
});

describe('photos of a shared album', () => {
  it("a contributor adds their own photos: the owner's gallery and every member show them", async () => {
    const { deps, alice, bob, carol, albumId, alicePhotos, bobPhotos } = await shared();
    const album = await addOwnPhotos(deps, bob.id, albumId, [bobPhotos[0] as string]);
    expect(album.yourImageIds).toEqual([bobPhotos[0]]);
    const all = [...alicePhotos, bobPhotos[0]];
    expect(ids(await getSharedAlbum(deps, carol.id, albumId))).toEqual(all);
    const [gallery] = await getGallery(deps, alice.id, alice.id);
    expect(gallery?.photos.map((photo) => photo.id)).toEqual(all);
  });

  it('a viewer adds and removes nothing; a contributor adds only their own and removes only their own', async () => {
    const { deps, bob, carol, albumId, alicePhotos, bobPhotos } = await shared();
    expect(await outcome(addOwnPhotos(deps, carol.id, albumId, bobPhotos))).toMatchObject({
      status: 403,
      code: 'not_contributor',
    });
    expect(await outcome(addOwnPhotos(deps, bob.id, albumId, alicePhotos))).toMatchObject({
      status: 404,
      details: { imageIds: alicePhotos },
    });
    await addOwnPhotos(deps, bob.id, albumId, bobPhotos);
    expect(
      await outcome(
        removeOwnPhotos(deps, bob.id, albumId, [bobPhotos[0] as string, alicePhotos[0] as string]),
      ),
    ).toMatchObject({
      status: 404,
      details: { imageIds: [alicePhotos[0]] },
    });
    expect(await outcome(removeOwnPhotos(deps, carol.id, albumId, [bobPhotos[0] as string]))).toMatchObject({
      status: 403,
    });
    const after = await removeOwnPhotos(deps, bob.id, albumId, [bobPhotos[0] as string]);
    expect(ids(after)).toEqual([...alicePhotos, bobPhotos[1]]);
    expect(after.photos.map((photo) => photo.displayOrder)).toEqual([0, 1, 2]);
  });

  it("a contributor's photo in the Trash is hidden from everyone", async () => {
    const { deps, trash, bob, carol, albumId, alicePhotos, bobPhotos } = await shared();
    await addOwnPhotos(deps, bob.id, albumId, [bobPhotos[0] as string]);
    await trash.trash(bob.id, [bobPhotos[0] as string], new Date());
    expect(ids(await getSharedAlbum(deps, carol.id, albumId))).toEqual(alicePhotos);
    expect(await outcome(addOwnPhotos(deps, bob.id, albumId, [bobPhotos[0] as string]))).toMatchObject({
      status: 409,
      code: 'image_in_trash',
    });
  });
});

describe('going', () => {
  it('the owner removes a member; their photos leave the album with them', async () => {
    const { deps, alice, bob, albumId, alicePhotos, bobPhotos } = await shared();
    await addOwnPhotos(deps, bob.id, albumId, bobPhotos);
    await removeMember(deps, alice.id, albumId, bob.id);
    const [gallery] = await getGallery(deps, alice.id, alice.id);
    expect(gallery?.photos.map((photo) => photo.id)).toEqual(alicePhotos);
    expect(await outcome(getSharedAlbum(deps, bob.id, albumId))).toMatchObject({ status: 404 });
    expect(await outcome(removeMember(deps, alice.id, albumId, bob.id))).toMatchObject({
      status: 404,
      message: 'member not found',
    });
  });

  it('`me` (or their own id) leaves; a member cannot remove anyone else', async () => {
    const { deps, bob, carol, albumId } = await shared();
    expect(await outcome(removeMember(deps, bob.id, albumId, carol.id))).toMatchObject({
      status: 404,
      message: 'album not found',
    });
    await removeMember(deps, carol.id, albumId, 'me');
    await removeMember(deps, bob.id, albumId, bob.id);
    expect(await listSharedAlbums(deps, carol.id)).toEqual([]);
    expect(await listSharedAlbums(deps, bob.id)).toEqual([]);
    expect(await outcome(removeMember(deps, carol.id, albumId, 'me'))).toMatchObject({ status: 404 });
  });

  it('a deleted album is shared with nobody', async () => {
    const { deps, alice, carol, albumId } = await shared();
    await deps.albums.delete(alice.id, albumId, new Date());
    expect(await listSharedAlbums(deps, carol.id)).toEqual([]);
    expect(await outcome(getSharedAlbum(deps, carol.id, albumId))).toMatchObject({ status: 404 });
    expect(await outcome(listMembers(deps, alice.id, albumId))).toMatchObject({ status: 404 });
  });
});
