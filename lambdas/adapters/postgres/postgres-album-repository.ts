import { type Kysely, sql, type Transaction } from 'kysely';
import type { GalleryAlbum, Photo } from '../../core/model.ts';
import type {
  AddPhotoOutcome,
  AddPhotosOutcome,
  AlbumChanges,
  AlbumRef,
  AlbumRepository,
  CreateAlbumOutcome,
  LibraryMonth,
  LibraryPage,
  LibraryPosition,
  MergeAlbumsOutcome,
  PhotosProblem,
  RemovePhotoOutcome,
  RemovePhotosOutcome,
  UpdateAlbumOutcome,
} from '../../core/ports.ts';
import { galleryAlbumColumns, toGalleryAlbum } from './album-rows.ts';
import { shownInAlbum } from './album-visibility.ts';
import { readTimelinePage, TIMELINE, timelineColumns } from './library-timeline.ts';
import { retriedTransaction } from './retried-transaction.ts';
import {
  galleryPhotoColumns,
  likenessColumns,
  photoColumns,
  toGalleryPhoto,
  toLikeness,
  toListedPhoto,
  toPhoto,
} from './row-mappers.ts';
import type { Database } from './schema.ts';

/**
 * Album edits and the photo library on PostgreSQL. Every statement filters on the owner. Edits of a
 * photo lock it, then its albums (by id), so concurrent edits queue up instead of deadlocking; merges
 * and bulk changes lock albums (by id) and then reach photos through their foreign keys, so the
 * deadlocks that remain possible (a cover change racing a deletion, a merge racing a purge) are
 * retried (retried-transaction.ts).
 */
export class PostgresAlbumRepository implements AlbumRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findOwned(ownerId: string, albumId: string): Promise<GalleryAlbum | null> {
    const album = await this.#db
      .selectFrom('albums')
      .select(galleryAlbumColumns(ownerId))
      .where('id', '=', albumId)
      .where('owner_id', '=', ownerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!album) return null;
    const photos = await this.#db
      .selectFrom('album_images as ai')
      .innerJoin('images as i', 'i.id', 'ai.image_id')
      .select(galleryPhotoColumns)
      .where('ai.album_id', '=', albumId)
      // The owner's photos and the accepted contributors' (issue 17), none in the Trash.
      .where(shownInAlbum(sql.ref('ai.album_id'), ownerId))
      .orderBy('ai.display_order')
      .orderBy('i.id')
      .execute();
    return toGalleryAlbum(album, photos.map(toGalleryPhoto));
  }

  update(ownerId: string, albumId: string, changes: AlbumChanges): Promise<UpdateAlbumOutcome> {
    return this.#transaction(async (trx) => {
      const [album] = await lockAlbums(trx, ownerId, [albumId]);
      if (!album) return 'album_not_found';
      if (changes.coverImageId !== undefined) {
        const member = await trx
          .selectFrom('album_images as ai')
          .innerJoin('images as i', 'i.id', 'ai.image_id')
          .select('ai.image_id')
          .where('ai.album_id', '=', albumId)
          .where('ai.image_id', '=', changes.coverImageId)
          // A contributor's photo shown in the album may be its cover too.
          .where(shownInAlbum(sql.ref('ai.album_id'), ownerId))
          .executeTakeFirst();
        if (!member) return 'cover_not_in_album';
      }
      await trx
        .updateTable('albums')
        .set({
          // What the user wrote stands: organizing never changes an edited title or description.
          ...(changes.title !== undefined ? { title: changes.title, title_edited: true } : {}),
          ...(changes.themeDescription !== undefined
            ? { theme_description: changes.themeDescription, description_edited: true }
            : {}),
          ...(changes.coverImageId !== undefined ? { cover_image_id: changes.coverImageId } : {}),
          updated_at: sql`now()`,
        })
        .where('id', '=', albumId)
        .where('owner_id', '=', ownerId)
        .execute();
      return 'updated';
    });
  }

  async delete(ownerId: string, albumId: string, at: Date): Promise<boolean> {
    // Memberships, cover and exclusions stay, so that restoring brings the album back as it was.
    const deleted = await this.#db
      .updateTable('albums')
      .set({ deleted_at: at, updated_at: sql`now()` })
      .where('id', '=', albumId)
      .where('owner_id', '=', ownerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return deleted.numUpdatedRows > 0n;
  }

  async restore(ownerId: string, albumId: string): Promise<boolean> {
    const restored = await this.#db
      .updateTable('albums')
      .set({ deleted_at: null, updated_at: sql`now()` })
      .where('id', '=', albumId)
      .where('owner_id', '=', ownerId)
      .where('deleted_at', 'is not', null)
      .executeTakeFirst();
    return restored.numUpdatedRows > 0n;
  }

  addPhoto(
    ownerId: string,
    move: { albumId: string; imageId: string; fromAlbumId: string | null },
  ): Promise<AddPhotoOutcome> {
    const { albumId, imageId, fromAlbumId } = move;
    return this.#transaction(async (trx) => {
      const image = await trx
        .selectFrom('images')
        .select(['id', 'status', 'trashed_at'])
        .where('id', '=', imageId)
        .where('owner_id', '=', ownerId)
        .forShare()
        .executeTakeFirst();
      const locked = await lockAlbums(trx, ownerId, fromAlbumId ? [albumId, fromAlbumId] : [albumId]);
      if (!locked.some((album) => album.id === albumId)) return 'album_not_found';
      if (fromAlbumId && !locked.some((album) => album.id === fromAlbumId)) return 'source_album_not_found';
      if (!image) return 'photo_not_found';
      if (image.trashed_at !== null) return 'photo_in_trash';
      if (image.status !== 'ready') return 'photo_not_ready';

      const touched = locked.map((album) => album.id);
      // Out of the source and out of the target too, so a photo already there moves to the end.
      await trx
        .deleteFrom('album_images')
        .where('album_id', 'in', touched)
        .where('image_id', '=', imageId)
        .execute();
      await renumber(trx, ownerId, touched);
      // The user's word stands: taken out of the source, the photo is never put back by organizing;
      // put into the target by hand, an earlier "taken out" no longer holds.
      if (fromAlbumId && fromAlbumId !== albumId) await excludeFromAlbum(trx, fromAlbumId, [imageId]);
      await trx
        .deleteFrom('album_exclusions')
        .where('album_id', '=', albumId)
        .where('image_id', '=', imageId)
        .execute();
      await trx
        .insertInto('album_images')
        .values({
          album_id: albumId,
          image_id: imageId,
          display_order: sql<number>`(select coalesce(max(display_order) + 1, 0) from album_images where album_id = ${albumId})`,
        })
        .execute();
      await repairCovers(trx, ownerId, touched);
      return 'added';
    });
  }

  async removePhoto(ownerId: string, albumId: string, imageId: string): Promise<RemovePhotoOutcome> {
    // One photo is the bulk edit with one id: the same locks, Trash rule, exclusion and renumbering.
    const result = await this.removePhotos(ownerId, albumId, [imageId]);
    if (result.outcome === 'album_not_found') return 'album_not_found';
    return result.removed > 0 ? 'removed' : 'photo_not_in_album';
  }

  async findPhoto(ownerId: string, imageId: string): Promise<Photo | null> {
    const row = await this.#db
      .selectFrom('images')
      .selectAll()
      .where('id', '=', imageId)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    return row ? toPhoto(row) : null;
  }

  async albumsHolding(ownerId: string, imageId: string): Promise<AlbumRef[]> {
    return this.#db
      .selectFrom('album_images as ai')
      .innerJoin('albums as a', 'a.id', 'ai.album_id')
      .select(['a.id', 'a.title'])
      .where('ai.image_id', '=', imageId)
      .where('a.owner_id', '=', ownerId)
      .where('a.deleted_at', 'is', null)
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id')
      .execute();
  }

  async listLibrary(
    ownerId: string,
    page: { limit: number; after: LibraryPosition | null },
  ): Promise<LibraryPage> {
    const query = this.#db
      .selectFrom('images as i')
      .select([...photoColumns, ...likenessColumns, ...timelineColumns(ownerId)])
      .where('i.owner_id', '=', ownerId)
      .where('i.status', '=', 'ready')
      .where('i.trashed_at', 'is', null);
    const { rows, next } = await readTimelinePage(query, page);
    return {
      photos: rows.map((row) => ({
        ...toListedPhoto(row),
        createdAt: row.created_at,
        albumIds: row.album_ids,
        likeness: toLikeness(row),
      })),
      next,
    };
  }

  async libraryMonths(ownerId: string): Promise<LibraryMonth[]> {
    const month = sql<string>`to_char(${TIMELINE} at time zone 'UTC', 'YYYY-MM')`;
    const rows = await this.#db
      .selectFrom('images as i')
      .select([month.as('month'), sql<string>`count(*)`.as('count')])
      .where('i.owner_id', '=', ownerId)
      .where('i.status', '=', 'ready')
      .where('i.trashed_at', 'is', null)
      .groupBy(month)
      .orderBy(month, 'desc')
      .execute();
    return rows.map((row) => ({ month: row.month, count: Number(row.count) }));
  }

  create(
    ownerId: string,
    album: { id: string; title: string; themeDescription: string; imageIds: string[] },
  ): Promise<CreateAlbumOutcome> {
    return this.#transaction(async (trx) => {
      const problem = await checkPhotos(trx, ownerId, album.imageIds);
      if (problem) return problem;
      await trx
        .insertInto('albums')
        .values({
          id: album.id,
          owner_id: ownerId,
          job_id: null,
          title: album.title,
          theme_description: album.themeDescription,
          cover_image_id: album.imageIds[0] ?? null,
          origin: 'user',
          // The user wrote both (an empty description too): organizing never rewrites them.
          title_edited: true,
          description_edited: true,
        })
        .execute();
      await appendPhotos(trx, album.id, album.imageIds);
      return { outcome: 'created', albumId: album.id };
    });
  }

  addPhotos(
    ownerId: string,
    move: { albumId: string; imageIds: string[]; fromAlbumId: string | null },
  ): Promise<AddPhotosOutcome> {
    const { albumId, imageIds, fromAlbumId } = move;
    return this.#transaction(async (trx) => {
      // The photos first, then the albums: the lock order every album edit keeps.
      const problem = await checkPhotos(trx, ownerId, imageIds);
      const locked = await lockAlbums(trx, ownerId, fromAlbumId ? [albumId, fromAlbumId] : [albumId]);
      if (!locked.some((album) => album.id === albumId)) return { outcome: 'album_not_found' };
      if (fromAlbumId && !locked.some((album) => album.id === fromAlbumId))
        return { outcome: 'source_album_not_found' };
      if (problem) return problem;

      if (fromAlbumId) {
        const movedOut = await trx
          .deleteFrom('album_images')
          .where('album_id', '=', fromAlbumId)
          .where('image_id', 'in', imageIds)
          .returning('image_id')
          .execute();
        await excludeFromAlbum(
          trx,
          fromAlbumId,
          movedOut.map((row) => row.image_id),
        );
      }
      const added = await placeByHand(trx, albumId, imageIds);
      const touched = locked.map((album) => album.id);
      await renumber(trx, ownerId, touched);
      await repairCovers(trx, ownerId, touched);
      return { outcome: 'added', added: added.length };
    });
  }

  removePhotos(ownerId: string, albumId: string, imageIds: string[]): Promise<RemovePhotosOutcome> {
    return this.#transaction(async (trx) => {
      const [album] = await lockAlbums(trx, ownerId, [albumId]);
      if (!album) return { outcome: 'album_not_found' };
      const removed = await trx
        .deleteFrom('album_images')
        .where('album_id', '=', albumId)
        .where('image_id', 'in', imageIds)
        // A photo in the Trash keeps its place (hidden), so restoring puts it back where it was. The
        // owner may take any photo out of their album, a contributor's too (issue 17): it stays theirs.
        .where('image_id', 'in', (eb) => eb.selectFrom('images').select('id').where('trashed_at', 'is', null))
        .returning('image_id')
        .execute();
      await excludeFromAlbum(
        trx,
        albumId,
        removed.map((row) => row.image_id),
      );
      await renumber(trx, ownerId, [albumId]);
      await repairCovers(trx, ownerId, [albumId]);
      return { outcome: 'removed', removed: removed.length };
    });
  }

  merge(ownerId: string, albumId: string, sourceIds: string[]): Promise<MergeAlbumsOutcome> {
    return this.#transaction(async (trx) => {
      const locked = await lockAlbums(trx, ownerId, [albumId, ...sourceIds]);
      const found = new Set(locked.map((album) => album.id));
      if (!found.has(albumId)) return { outcome: 'album_not_found' };
      const missing = sourceIds.filter((sourceId) => !found.has(sourceId));
      if (missing.length > 0) return { outcome: 'source_albums_not_found', albumIds: missing };
      // The sources' rows are locked: no invitation can be written to them until the merge is over.
      const shared = await trx
        .selectFrom('album_permissions')
        .select('album_id')
        .distinct()
        .where('album_id', 'in', sourceIds)
        .execute();
      if (shared.length > 0) {
        const ids = new Set(shared.map((row) => row.album_id));
        return { outcome: 'source_albums_shared', albumIds: sourceIds.filter((id) => ids.has(id)) };
      }

      // Every membership moves over, photos in the Trash too (hidden, kept): restoring one brings it
      // back into the merged album. A photo in several sources comes once, where it comes first.
      const inserted = await sql<{ image_id: string }>`
        insert into album_images (album_id, image_id, display_order, added_by_job)
        select ${albumId}::uuid, picked.image_id,
          (select coalesce(max(display_order) + 1, 0) from album_images where album_id = ${albumId}::uuid)
            + (row_number() over (order by picked.source_position, picked.display_order, picked.image_id))::int - 1,
          null
        from (
          select distinct on (ai.image_id) ai.image_id, source.position as source_position, ai.display_order
          from album_images ai
          join unnest(${sourceIds}::uuid[]) with ordinality as source(id, position) on source.id = ai.album_id
          join images i on i.id = ai.image_id and i.owner_id = ${ownerId}
          where not exists (
            select 1 from album_images t where t.album_id = ${albumId}::uuid and t.image_id = ai.image_id
          )
          order by ai.image_id, source.position, ai.display_order
        ) as picked
        returning image_id
      `.execute(trx);
      const added = inserted.rows.map((row) => row.image_id);
      if (added.length > 0) {
        await trx
          .deleteFrom('album_exclusions')
          .where('album_id', '=', albumId)
          .where('image_id', 'in', added)
          .execute();
      }
      await trx
        .updateTable('albums')
        .set({ deleted_at: sql`now()`, updated_at: sql`now()` })
        .where('owner_id', '=', ownerId)
        .where('id', 'in', sourceIds)
        .execute();
      await renumber(trx, ownerId, [albumId]);
      await repairCovers(trx, ownerId, [albumId]);
      return { outcome: 'merged', added: added.length };
    });
  }

  #transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return retriedTransaction(this.#db, work);
  }
}

/**
 * Locks the owner's albums among `albumIds` in id order (one order for everyone: no lock cycles).
 * Deleted albums are not there: nothing is edited in, added to or merged into them until restored.
 */
function lockAlbums(trx: Transaction<Database>, ownerId: string, albumIds: string[]) {
  return trx
    .selectFrom('albums')
    .select(['id', 'cover_image_id'])
    .where('owner_id', '=', ownerId)
    .where('id', 'in', albumIds)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Closes the gaps a removal leaves: display orders become 0..n-1, in their previous order. */
export async function renumber(
  trx: Transaction<Database>,
  ownerId: string,
  albumIds: string[],
): Promise<void> {
  if (albumIds.length === 0) return;
  await sql`
    update album_images as ai set display_order = r.position
    from (
      select album_id, image_id,
        (row_number() over (partition by album_id order by display_order, image_id) - 1)::int as position
      from album_images
      where album_id in (select id from albums where owner_id = ${ownerId} and id = any(${albumIds}::uuid[]))
    ) as r
    where ai.album_id = r.album_id and ai.image_id = r.image_id and ai.display_order <> r.position
  `.execute(trx);
}

/**
 * Keeps each album's cover a photo of that album: a cover that left (or an empty album that just got a
 * photo) becomes the first photo, and an album left empty has none.
 */
export async function repairCovers(
  trx: Transaction<Database>,
  ownerId: string,
  albumIds: string[],
): Promise<void> {
  if (albumIds.length === 0) return;
  await sql`
    update albums as a set
      updated_at = now(),
      cover_image_id = case
        when exists (
          select 1 from album_images m where m.album_id = a.id and m.image_id = a.cover_image_id
        ) then a.cover_image_id
        else (
          select ai.image_id from album_images ai
          where ai.album_id = a.id order by ai.display_order, ai.image_id limit 1
        )
      end
    where a.owner_id = ${ownerId} and a.id = any(${albumIds}::uuid[])
  `.execute(trx);
}

/**
 * Share-locks the owner's photos among `imageIds` (in id order) and says what is wrong with them, if
 * anything: ids that are not the owner's photos, photos in the Trash, or photos not ready.
 */
export async function checkPhotos(
  trx: Transaction<Database>,
  ownerId: string,
  imageIds: string[],
): Promise<PhotosProblem | null> {
  if (imageIds.length === 0) return null;
  const rows = await trx
    .selectFrom('images')
    .select(['id', 'status', 'trashed_at'])
    .where('owner_id', '=', ownerId)
    .where('id', 'in', imageIds)
    .orderBy('id')
    .forShare()
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = imageIds.filter((imageId) => !byId.has(imageId));
  if (missing.length > 0) return { outcome: 'photos_not_found', imageIds: missing };
  const trashed = imageIds.filter((imageId) => byId.get(imageId)?.trashed_at !== null);
  if (trashed.length > 0) return { outcome: 'photos_in_trash', imageIds: trashed };
  const unusable = imageIds.filter((imageId) => byId.get(imageId)?.status !== 'ready');
  return unusable.length > 0 ? { outcome: 'photos_not_ready', imageIds: unusable } : null;
}

/**
 * A person puts photos into an album: those not there yet go at the end in the given order (the others
 * keep their place), and organizing may treat all of them as this album's again. Returns those added.
 */
export async function placeByHand(
  trx: Transaction<Database>,
  albumId: string,
  imageIds: string[],
): Promise<string[]> {
  const present = await trx
    .selectFrom('album_images')
    .select('image_id')
    .where('album_id', '=', albumId)
    .where('image_id', 'in', imageIds)
    .execute();
  const there = new Set(present.map((row) => row.image_id));
  const added = imageIds.filter((imageId) => !there.has(imageId));
  await appendPhotos(trx, albumId, added);
  await trx
    .deleteFrom('album_exclusions')
    .where('album_id', '=', albumId)
    .where('image_id', 'in', imageIds)
    .execute();
  return added;
}

/** Puts the photos at the end of the album in the given order, as the user's placements. */
async function appendPhotos(trx: Transaction<Database>, albumId: string, imageIds: string[]): Promise<void> {
  if (imageIds.length === 0) return;
  await sql`
    insert into album_images (album_id, image_id, display_order, added_by_job)
    select ${albumId}::uuid, photo.id,
      (select coalesce(max(display_order) + 1, 0) from album_images where album_id = ${albumId}::uuid)
        + (photo.position - 1)::int,
      null
    from unnest(${imageIds}::uuid[]) with ordinality as photo(id, position)
  `.execute(trx);
}

/** Records that the user took these photos out of the album: organizing never puts them back. */
export async function excludeFromAlbum(
  trx: Transaction<Database>,
  albumId: string,
  imageIds: string[],
): Promise<void> {
  if (imageIds.length === 0) return;
  await trx
    .insertInto('album_exclusions')
    .values(imageIds.map((imageId) => ({ album_id: albumId, image_id: imageId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
