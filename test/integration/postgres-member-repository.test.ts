/**
 * Albums' members on a real PostgreSQL (issue 17): invitations answered, the owner's album showing
 * accepted contributors' photos (never a viewer's, never one in anyone's Trash), contributors changing
 * only their own photos all or nothing, members going with their photos, deleted albums shared with
 * nobody, and a contributor's photo purged from the Trash leaving the owner's album in order.
 */
import { PostgresAlbumRepository } from '../../lambdas/adapters/postgres/postgres-album-repository.ts';
import { PostgresGalleryRepository } from '../../lambdas/adapters/postgres/postgres-gallery-repository.ts';
import { PostgresMemberRepository } from '../../lambdas/adapters/postgres/postgres-member-repository.ts';
import { PostgresTrashRepository } from '../../lambdas/adapters/postgres/postgres-trash-repository.ts';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import {
  INVITATION_EMAIL_WINDOW_MS,
  MAX_ALBUM_MEMBERS,
  MAX_INVITATION_EMAILS,
} from '../../lambdas/core/album-members.ts';
import { type SeededLibrary, seedLibrary } from '../support/seed-library.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let members: PostgresMemberRepository;
let albums: PostgresAlbumRepository;
let gallery: PostgresGalleryRepository;
let trash: PostgresTrashRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  members = new PostgresMemberRepository(testDb.db);
  albums = new PostgresAlbumRepository(testDb.db);
  gallery = new PostgresGalleryRepository(testDb.db);
  trash = new PostgresTrashRepository(testDb.db);
});
afterAll(() => testDb.destroy());

const NOW = new Date('2026-12-02T12:00:00Z');

/** An owner with an album of two photos, a contributor and a viewer (both accepted) with photos of their own. */
async function sharedAlbum() {
  const owner = await seedLibrary(testDb.db, 2, [[0, 1]]);
  const contributor = await seedLibrary(testDb.db, 3);
  const viewer = await seedLibrary(testDb.db, 1);
  const albumId = owner.albumIds[0] as string;
  await join(owner, albumId, contributor, 'contributor');
  await join(owner, albumId, viewer, 'viewer');
  return { owner, contributor, viewer, albumId };
}

async function join(
  owner: SeededLibrary,
  albumId: string,
  member: SeededLibrary,
  role: 'viewer' | 'contributor',
) {
  expect(await members.invite(owner.userId, albumId, { userId: member.userId, invitedAs: 'x', role })).toBe(
    'invited',
  );
  expect(await members.respond(member.userId, albumId, 'accept', NOW)).toBe(true);
}

const ownersView = async (ownerId: string, albumId: string) => {
  const album = await albums.findOwned(ownerId, albumId);
  return album && { ids: album.photos.map((photo) => photo.id), cover: album.coverImageId };
};
const orders = (albumId: string) =>
  testDb.db
    .selectFrom('album_images')
    .select('display_order')
    .where('album_id', '=', albumId)
    .orderBy('display_order')
    .execute()
    .then((rows) => rows.map((row) => row.display_order));

describe('invitations', () => {
  it('wait for an answer: accepting shares the album, declining forgets the invitation', async () => {
    const owner = await seedLibrary(testDb.db, 1, [[0]]);
    const [yes, no] = [await seedLibrary(testDb.db, 0), await seedLibrary(testDb.db, 0)];
    const albumId = owner.albumIds[0] as string;
    for (const invitee of [yes, no])
      await members.invite(owner.userId, albumId, {
        userId: invitee.userId,
        invitedAs: 'them',
        role: 'viewer',
      });
    expect((await members.invitations(yes.userId)).map((invitation) => invitation.albumId)).toEqual([
      albumId,
    ]);
    expect(await members.sharedAlbum(yes.userId, albumId)).toBeNull();
    expect(await members.respond(yes.userId, albumId, 'accept', NOW)).toBe(true);
    expect(await members.respond(no.userId, albumId, 'decline', NOW)).toBe(true);
    // Answered: nothing left to answer, and declining never takes an accepted member out.
    expect(await members.respond(yes.userId, albumId, 'decline', NOW)).toBe(false);
    expect(await members.respond(no.userId, albumId, 'accept', NOW)).toBe(false);
    expect(
      (await members.members(owner.userId, albumId))?.map((member) => [member.userId, member.status]),
    ).toEqual([[yes.userId, 'accepted']]);
    expect((await members.sharedAlbums(yes.userId)).map((album) => [album.id, album.photoCount])).toEqual([
      [albumId, 1],
    ]);
    expect(
      await members.invite(owner.userId, albumId, { userId: yes.userId, invitedAs: 'again', role: 'viewer' }),
    ).toBe('already_member');
  });

  it("are the owner's to send: another user's album is not found", async () => {
    const owner = await seedLibrary(testDb.db, 0, [[]]);
    const other = await seedLibrary(testDb.db, 0);
    const albumId = owner.albumIds[0] as string;
    const invite = { userId: owner.userId, invitedAs: 'owner', role: 'viewer' as const };
    expect(await members.invite(other.userId, albumId, invite)).toBe('album_not_found');
    expect(await members.members(other.userId, albumId)).toBeNull();
    expect(await members.remove(other.userId, albumId, owner.userId)).toBe('album_not_found');
  });

  it(`stop at ${MAX_ALBUM_MEMBERS} members an album`, async () => {
    const owner = await seedLibrary(testDb.db, 0, [[]]);
    const albumId = owner.albumIds[0] as string;
    const users = new PostgresUserRepository(testDb.db);
    for (let index = 0; index < MAX_ALBUM_MEMBERS; index++) {
      const user = await users.ensure(`limit-${albumId}-${index}`);
      expect(
        await members.invite(owner.userId, albumId, {
          userId: user.id,
          invitedAs: `u${index}`,
          role: 'viewer',
        }),
      ).toBe('invited');
    }
    const last = await users.ensure(`limit-${albumId}-last`);
    expect(
      await members.invite(owner.userId, albumId, { userId: last.id, invitedAs: 'last', role: 'viewer' }),
    ).toBe('too_many_members');
    expect(await members.members(owner.userId, albumId)).toHaveLength(MAX_ALBUM_MEMBERS);
  });
});

describe('invitation emails', () => {
  it(`count ${MAX_INVITATION_EMAILS} per owner in the window, also when asked all at once`, async () => {
    const owner = await seedLibrary(testDb.db, 0);
    const other = await seedLibrary(testDb.db, 0);
    const answers = await Promise.all(
      Array.from({ length: MAX_INVITATION_EMAILS + 5 }, () =>
        members.countInvitationEmail(owner.userId, NOW),
      ),
    );
    expect(answers.filter(Boolean)).toHaveLength(MAX_INVITATION_EMAILS);
    expect(await members.countInvitationEmail(owner.userId, NOW)).toBe(false);
    // Another owner's count is their own.
    expect(await members.countInvitationEmail(other.userId, NOW)).toBe(true);
    // A day later the window is empty again, and the old rows are gone.
    const later = new Date(NOW.getTime() + INVITATION_EMAIL_WINDOW_MS);
    expect(await members.countInvitationEmail(owner.userId, later)).toBe(true);
    const rows = await testDb.db
      .selectFrom('invitation_emails')
      .select('sent_at')
      .where('owner_id', '=', owner.userId)
      .execute();
    expect(rows.map((row) => row.sent_at)).toEqual([later]);
  });
});

describe('photos of a shared album', () => {
  it("a contributor's own photos show for the owner and every member; a viewer adds none", async () => {
    const { owner, contributor, viewer, albumId } = await sharedAlbum();
    const [first, second] = contributor.photoIds as [string, string];
    expect(await members.addOwnPhotos(contributor.userId, albumId, [first, second])).toEqual({
      outcome: 'added',
      added: 2,
    });
    expect(await members.addOwnPhotos(contributor.userId, albumId, [first])).toEqual({
      outcome: 'added',
      added: 0,
    });
    expect(await members.addOwnPhotos(viewer.userId, albumId, viewer.photoIds)).toEqual({
      outcome: 'not_contributor',
    });
    // Another user's photo is not the contributor's to add: named, nothing added.
    expect(
      await members.addOwnPhotos(contributor.userId, albumId, [first, viewer.photoIds[0] as string]),
    ).toEqual({
      outcome: 'photos_not_found',
      imageIds: [viewer.photoIds[0]],
    });
    const shown = [...owner.photoIds, first, second];
    expect((await ownersView(owner.userId, albumId))?.ids).toEqual(shown);
    const [listed] = await gallery.listAlbums(owner.userId);
    expect(listed?.photos.map((photo) => photo.id)).toEqual(shown);
    const seen = await members.sharedAlbum(viewer.userId, albumId);
    expect(seen?.album.photos.map((photo) => photo.id)).toEqual(shown);
    expect(seen?.yourImageIds).toEqual([]);
    expect((await members.sharedAlbum(contributor.userId, albumId))?.yourImageIds).toEqual([first, second]);
    // The contributor's own library does not count the owner's album as theirs.
    expect(await albums.albumsHolding(contributor.userId, first)).toEqual([]);
  });

  it('a contributor takes out only their own photos, all or nothing; the owner may take out any', async () => {
    const { owner, contributor, albumId } = await sharedAlbum();
    const [first, second] = contributor.photoIds as [string, string];
    await members.addOwnPhotos(contributor.userId, albumId, [first, second]);
    expect(
      await members.removeOwnPhotos(contributor.userId, albumId, [first, owner.photoIds[0] as string]),
    ).toEqual({
      outcome: 'photos_not_found',
      imageIds: [owner.photoIds[0]],
    });
    expect((await ownersView(owner.userId, albumId))?.ids).toHaveLength(4);
    expect(await members.removeOwnPhotos(contributor.userId, albumId, [first])).toEqual({
      outcome: 'removed',
      removed: 1,
    });
    expect(await albums.removePhotos(owner.userId, albumId, [second])).toEqual({
      outcome: 'removed',
      removed: 1,
    });
    expect((await ownersView(owner.userId, albumId))?.ids).toEqual(owner.photoIds);
    expect(await orders(albumId)).toEqual([0, 1]);
  });

  it("a photo in its owner's Trash is hidden from everyone; a purged one leaves the album in order", async () => {
    const { owner, contributor, viewer, albumId } = await sharedAlbum();
    const [first, second] = contributor.photoIds as [string, string];
    await members.addOwnPhotos(contributor.userId, albumId, [first, second]);
    await albums.update(owner.userId, albumId, { coverImageId: first });
    await trash.trash(contributor.userId, [first], NOW);
    expect(
      (await members.sharedAlbum(viewer.userId, albumId))?.album.photos.map((photo) => photo.id),
    ).toEqual([...owner.photoIds, second]);
    expect(await ownersView(owner.userId, albumId)).toEqual({
      ids: [...owner.photoIds, second],
      cover: owner.photoIds[0],
    });
    expect((await members.sharedAlbums(viewer.userId))[0]?.photoCount).toBe(3);
    await trash.purge({ ownerId: contributor.userId, trashedBefore: null, limit: 10 }, async () => {});
    expect(await orders(albumId)).toEqual([0, 1, 2]);
    const cover = await testDb.db
      .selectFrom('albums')
      .select('cover_image_id')
      .where('id', '=', albumId)
      .executeTakeFirst();
    expect(cover?.cover_image_id).toBe(owner.photoIds[0]);
  });
});

describe('members going', () => {
  it('a removed contributor takes their photos (those in their Trash too) out of the album', async () => {
    const { owner, contributor, albumId } = await sharedAlbum();
    const [first, second] = contributor.photoIds as [string, string];
    await members.addOwnPhotos(contributor.userId, albumId, [first, second]);
    await trash.trash(contributor.userId, [second], NOW);
    expect(await members.remove(owner.userId, albumId, contributor.userId)).toBe('removed');
    expect(await members.remove(owner.userId, albumId, contributor.userId)).toBe('not_member');
    expect((await ownersView(owner.userId, albumId))?.ids).toEqual(owner.photoIds);
    // Restored from the Trash, the photo does not come back into the album.
    await trash.restore(contributor.userId, [second]);
    expect((await ownersView(owner.userId, albumId))?.ids).toEqual(owner.photoIds);
    expect(await orders(albumId)).toEqual([0, 1]);
    expect(await members.sharedAlbum(contributor.userId, albumId)).toBeNull();
  });

  it('a member who leaves takes their photos with them; the others stay', async () => {
    const { owner, contributor, viewer, albumId } = await sharedAlbum();
    await members.addOwnPhotos(contributor.userId, albumId, [contributor.photoIds[0] as string]);
    expect(await members.leave(contributor.userId, albumId)).toBe(true);
    expect(await members.leave(contributor.userId, albumId)).toBe(false);
    expect((await ownersView(owner.userId, albumId))?.ids).toEqual(owner.photoIds);
    expect((await members.sharedAlbums(viewer.userId)).map((album) => album.id)).toEqual([albumId]);
  });

  it('a deleted album is shared with nobody until it is restored; purged, its members go with it', async () => {
    const { owner, viewer, albumId } = await sharedAlbum();
    await albums.delete(owner.userId, albumId, NOW);
    expect(await members.sharedAlbums(viewer.userId)).toEqual([]);
    expect(await members.sharedAlbum(viewer.userId, albumId)).toBeNull();
    await albums.restore(owner.userId, albumId);
    expect(await members.sharedAlbum(viewer.userId, albumId)).not.toBeNull();
    await albums.delete(owner.userId, albumId, NOW);
    await trash.purgeDeletedAlbums(new Date(NOW.getTime() + 1000));
    const rows = await testDb.db
      .selectFrom('album_permissions')
      .selectAll()
      .where('album_id', '=', albumId)
      .execute();
    expect(rows).toEqual([]);
  });
});

describe('display names', () => {
  it('are recorded from the token and kept when a later call names none', async () => {
    const users = new PostgresUserRepository(testDb.db);
    const user = await users.ensure('local:namekeeper', 'namekeeper');
    await new PostgresUserRepository(testDb.db).ensure('local:namekeeper');
    const row = await testDb.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', user.id)
      .executeTakeFirst();
    expect(row?.display_name).toBe('namekeeper');
  });
});
