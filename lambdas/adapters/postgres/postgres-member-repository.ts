import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  AddOwnPhotosOutcome,
  AlbumMember,
  Invitation,
  InviteOutcome,
  MemberRepository,
  MemberRole,
  RemoveMemberOutcome,
  RemoveOwnPhotosOutcome,
  SharedAlbum,
  SharedAlbumSummary,
} from '../../core/album-members.ts';
import {
  INVITATION_EMAIL_WINDOW_MS,
  MAX_ALBUM_MEMBERS,
  MAX_INVITATION_EMAILS,
} from '../../core/album-members.ts';
import { galleryAlbumColumns, toGalleryAlbum } from './album-rows.ts';
import { shownInAlbum } from './album-visibility.ts';
import { ownsLiveAlbum } from './owned-album.ts';
import {
  checkPhotos,
  excludeFromAlbum,
  placeByHand,
  renumber,
  repairCovers,
} from './postgres-album-repository.ts';
import { retriedTransaction } from './retried-transaction.ts';
import { galleryPhotoColumns, toGalleryPhoto } from './row-mappers.ts';
import type { Database } from './schema.ts';

/**
 * Albums' members on PostgreSQL (album_permissions). Owner methods filter on the album's owner, member
 * methods on an accepted membership of the caller; a deleted album is nobody's to share. Edits lock the
 * caller's photos first and then the album, the order every album edit keeps.
 */
export class PostgresMemberRepository implements MemberRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  invite(
    ownerId: string,
    albumId: string,
    invitee: { userId: string; invitedAs: string; role: MemberRole },
  ): Promise<InviteOutcome> {
    return retriedTransaction(this.#db, async (trx) => {
      if (!(await ownsLiveAlbum(trx, ownerId, albumId, { lock: true }))) return 'album_not_found';
      const { count } = await trx
        .selectFrom('album_permissions')
        .select(sql<string>`count(*)`.as('count'))
        .where('album_id', '=', albumId)
        .executeTakeFirstOrThrow();
      const inserted = await trx
        .insertInto('album_permissions')
        .values({
          album_id: albumId,
          user_id: invitee.userId,
          role: invitee.role,
          status: 'invited',
          invited_by: ownerId,
          invited_as: invitee.invitedAs,
        })
        .onConflict((oc) => oc.columns(['album_id', 'user_id']).doNothing())
        .returning('user_id')
        .execute();
      if (inserted.length === 0) return 'already_member';
      // Counted under the album's lock, so two invitations at once cannot both squeeze past the limit.
      if (Number(count) >= MAX_ALBUM_MEMBERS) {
        await trx
          .deleteFrom('album_permissions')
          .where('album_id', '=', albumId)
          .where('user_id', '=', invitee.userId)
          .execute();
        return 'too_many_members';
      }
      return 'invited';
    });
  }

  countInvitationEmail(ownerId: string, at: Date): Promise<boolean> {
    return retriedTransaction(this.#db, async (trx) => {
      // The owner's row serializes their counts (NO KEY UPDATE: rows referencing the user still insert).
      const owner = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', ownerId)
        .forNoKeyUpdate()
        .executeTakeFirst();
      if (!owner) return false;
      const since = new Date(at.getTime() - INVITATION_EMAIL_WINDOW_MS);
      await trx
        .deleteFrom('invitation_emails')
        .where('owner_id', '=', ownerId)
        .where('sent_at', '<=', since)
        .execute();
      const { count } = await trx
        .selectFrom('invitation_emails')
        .select(sql<string>`count(*)`.as('count'))
        .where('owner_id', '=', ownerId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_INVITATION_EMAILS) return false;
      await trx.insertInto('invitation_emails').values({ owner_id: ownerId, sent_at: at }).execute();
      return true;
    });
  }

  async members(ownerId: string, albumId: string): Promise<AlbumMember[] | null> {
    if (!(await ownsLiveAlbum(this.#db, ownerId, albumId))) return null;
    const rows = await this.#db
      .selectFrom('album_permissions as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select([
        'p.user_id',
        'u.display_name',
        'p.invited_as',
        'p.role',
        'p.status',
        'p.created_at',
        'p.responded_at',
      ])
      .where('p.album_id', '=', albumId)
      .orderBy('p.created_at')
      .orderBy('p.user_id')
      .execute();
    return rows.map((row) => ({
      userId: row.user_id,
      displayName: row.display_name,
      invitedAs: row.invited_as,
      role: row.role,
      status: row.status,
      invitedAt: row.created_at,
      respondedAt: row.responded_at,
    }));
  }

  remove(ownerId: string, albumId: string, userId: string): Promise<RemoveMemberOutcome> {
    return retriedTransaction(this.#db, async (trx) => {
      if (!(await ownsLiveAlbum(trx, ownerId, albumId, { lock: true }))) return 'album_not_found';
      return (await dropMember(trx, ownerId, albumId, userId)) ? 'removed' : 'not_member';
    });
  }

  leave(userId: string, albumId: string): Promise<boolean> {
    return retriedTransaction(this.#db, async (trx) => {
      // A member may leave an album its owner has deleted too: nothing of theirs should stay there.
      const album = await trx
        .selectFrom('albums as a')
        .innerJoin('album_permissions as p', 'p.album_id', 'a.id')
        .select(['a.id', 'a.owner_id'])
        .where('a.id', '=', albumId)
        .where('p.user_id', '=', userId)
        .where('p.status', '=', 'accepted')
        .forUpdate('a')
        .executeTakeFirst();
      if (!album) return false;
      return dropMember(trx, album.owner_id, albumId, userId);
    });
  }

  async invitations(userId: string): Promise<Invitation[]> {
    const rows = await this.#db
      .selectFrom('album_permissions as p')
      .innerJoin('albums as a', 'a.id', 'p.album_id')
      .innerJoin('users as o', 'o.id', 'a.owner_id')
      .select(['a.id', 'a.title', 'o.display_name', 'p.role', 'p.created_at'])
      .where('p.user_id', '=', userId)
      .where('p.status', '=', 'invited')
      .where('a.deleted_at', 'is', null)
      .orderBy('p.created_at', 'desc')
      .orderBy('a.id')
      .execute();
    return rows.map((row) => ({
      albumId: row.id,
      title: row.title,
      ownerName: row.display_name,
      role: row.role,
      invitedAt: row.created_at,
    }));
  }

  async respond(userId: string, albumId: string, answer: 'accept' | 'decline', at: Date): Promise<boolean> {
    // Only an open invitation to a live album can be answered.
    const live = this.#db
      .selectFrom('albums')
      .select('id')
      .where('id', '=', albumId)
      .where('deleted_at', 'is', null);
    if (answer === 'accept') {
      const accepted = await this.#db
        .updateTable('album_permissions')
        .set({ status: 'accepted', responded_at: at })
        .where('user_id', '=', userId)
        .where('album_id', 'in', live)
        .where('status', '=', 'invited')
        .executeTakeFirst();
      return accepted.numUpdatedRows > 0n;
    }
    const declined = await this.#db
      .deleteFrom('album_permissions')
      .where('user_id', '=', userId)
      .where('album_id', 'in', live)
      .where('status', '=', 'invited')
      .executeTakeFirst();
    return declined.numDeletedRows > 0n;
  }

  async sharedAlbums(userId: string): Promise<SharedAlbumSummary[]> {
    const shown = shownInAlbum(sql.ref('a.id'), sql.ref('a.owner_id'));
    const rows = await this.#db
      .selectFrom('album_permissions as p')
      .innerJoin('albums as a', 'a.id', 'p.album_id')
      .innerJoin('users as o', 'o.id', 'a.owner_id')
      .select([
        'a.id',
        'a.title',
        'a.theme_description',
        'o.display_name',
        'p.role',
        'p.responded_at',
        'p.created_at',
        sql<string>`(select count(*) from album_images ai join images i on i.id = ai.image_id
          where ai.album_id = a.id and ${shown})`.as('photo_count'),
        // The cover when it is shown, else the first photo shown (as the owner's gallery does).
        sql<{
          id: string;
          storage_key: string;
          preview_key: string | null;
          thumbnail_key: string | null;
        } | null>`(
          select json_build_object('id', i.id, 'storage_key', i.storage_key,
            'preview_key', i.preview_key, 'thumbnail_key', i.thumbnail_key)
          from album_images ai join images i on i.id = ai.image_id
          where ai.album_id = a.id and ${shown}
          order by (ai.image_id = a.cover_image_id) desc, ai.display_order, ai.image_id limit 1)`.as('cover'),
      ])
      .where('p.user_id', '=', userId)
      .where('p.status', '=', 'accepted')
      .where('a.deleted_at', 'is', null)
      .orderBy('p.responded_at', 'desc')
      .orderBy('a.id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      themeDescription: row.theme_description,
      ownerName: row.display_name,
      role: row.role,
      photoCount: Number(row.photo_count),
      cover: row.cover
        ? {
            id: row.cover.id,
            storageKey: row.cover.storage_key,
            previewKey: row.cover.preview_key,
            thumbnailKey: row.cover.thumbnail_key,
          }
        : null,
      joinedAt: row.responded_at ?? row.created_at,
    }));
  }

  async sharedAlbum(userId: string, albumId: string): Promise<SharedAlbum | null> {
    const membership = await acceptedMembership(this.#db, userId, albumId);
    if (!membership) return null;
    const album = await this.#db
      .selectFrom('albums')
      .select(galleryAlbumColumns(membership.ownerId))
      .where('id', '=', albumId)
      .executeTakeFirst();
    if (!album) return null;
    const photos = await this.#db
      .selectFrom('album_images as ai')
      .innerJoin('images as i', 'i.id', 'ai.image_id')
      .select([...galleryPhotoColumns, 'i.owner_id'])
      .where('ai.album_id', '=', albumId)
      .where(shownInAlbum(sql.ref('ai.album_id'), membership.ownerId))
      .orderBy('ai.display_order')
      .orderBy('i.id')
      .execute();
    return {
      album: toGalleryAlbum(album, photos.map(toGalleryPhoto)),
      ownerName: membership.ownerName,
      role: membership.role,
      yourImageIds: photos.filter((photo) => photo.owner_id === userId).map((photo) => photo.id),
    };
  }

  addOwnPhotos(userId: string, albumId: string, imageIds: string[]): Promise<AddOwnPhotosOutcome> {
    return retriedTransaction(this.#db, async (trx) => {
      // The photos first, then the album: the lock order every album edit keeps.
      const problem = await checkPhotos(trx, userId, imageIds);
      const membership = await lockMemberAlbum(trx, userId, albumId);
      if (!membership) return { outcome: 'album_not_found' };
      if (membership.role !== 'contributor') return { outcome: 'not_contributor' };
      if (problem) return problem;
      const added = await placeByHand(trx, albumId, imageIds);
      await repairCovers(trx, membership.ownerId, [albumId]);
      return { outcome: 'added', added: added.length };
    });
  }

  removeOwnPhotos(userId: string, albumId: string, imageIds: string[]): Promise<RemoveOwnPhotosOutcome> {
    return retriedTransaction(this.#db, async (trx) => {
      const own = await trx
        .selectFrom('images')
        .select('id')
        .where('owner_id', '=', userId)
        .where('id', 'in', imageIds)
        .orderBy('id')
        .forShare()
        .execute();
      const membership = await lockMemberAlbum(trx, userId, albumId);
      if (!membership) return { outcome: 'album_not_found' };
      if (membership.role !== 'contributor') return { outcome: 'not_contributor' };
      const mine = new Set(own.map((row) => row.id));
      const foreign = imageIds.filter((imageId) => !mine.has(imageId));
      if (foreign.length > 0) return { outcome: 'photos_not_found', imageIds: foreign };
      const removed = await trx
        .deleteFrom('album_images')
        .where('album_id', '=', albumId)
        .where('image_id', 'in', imageIds)
        .returning('image_id')
        .execute();
      await excludeFromAlbum(
        trx,
        albumId,
        removed.map((row) => row.image_id),
      );
      await renumber(trx, membership.ownerId, [albumId]);
      await repairCovers(trx, membership.ownerId, [albumId]);
      return { outcome: 'removed', removed: removed.length };
    });
  }
}

/** The caller's accepted membership of a live album: its owner and the caller's role. */
async function acceptedMembership(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  albumId: string,
) {
  const row = await db
    .selectFrom('album_permissions as p')
    .innerJoin('albums as a', 'a.id', 'p.album_id')
    .innerJoin('users as o', 'o.id', 'a.owner_id')
    .select(['a.owner_id', 'o.display_name', 'p.role'])
    .where('p.album_id', '=', albumId)
    .where('p.user_id', '=', userId)
    .where('p.status', '=', 'accepted')
    .where('a.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { ownerId: row.owner_id, ownerName: row.display_name, role: row.role } : null;
}

/** As acceptedMembership, with the album row locked for an edit of its photos. */
async function lockMemberAlbum(trx: Transaction<Database>, userId: string, albumId: string) {
  const row = await trx
    .selectFrom('album_permissions as p')
    .innerJoin('albums as a', 'a.id', 'p.album_id')
    .select(['a.owner_id', 'p.role'])
    .where('p.album_id', '=', albumId)
    .where('p.user_id', '=', userId)
    .where('p.status', '=', 'accepted')
    .where('a.deleted_at', 'is', null)
    .forUpdate('a')
    .executeTakeFirst();
  return row ? { ownerId: row.owner_id, role: row.role } : null;
}

/**
 * Forgets the membership and takes the member's photos out of the album (those in their Trash too):
 * they were the member's to share, and stay theirs. The album's order and cover are repaired.
 */
async function dropMember(
  trx: Transaction<Database>,
  ownerId: string,
  albumId: string,
  userId: string,
): Promise<boolean> {
  const dropped = await trx
    .deleteFrom('album_permissions')
    .where('album_id', '=', albumId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (dropped.numDeletedRows === 0n) return false;
  await trx
    .deleteFrom('album_images')
    .where('album_id', '=', albumId)
    .where('image_id', 'in', (eb) => eb.selectFrom('images').select('id').where('owner_id', '=', userId))
    .execute();
  await renumber(trx, ownerId, [albumId]);
  await repairCovers(trx, ownerId, [albumId]);
  return true;
}
