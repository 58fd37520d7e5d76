import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  PurgedPhotoFiles,
  TrashPage,
  TrashPosition,
  TrashRepository,
  TrashSelection,
} from '../../core/ports.ts';
import { deleteFaceless, forgetFaces, lockOwner } from './people-upkeep.ts';
import { renumber, repairCovers } from './postgres-album-repository.ts';
import { retriedTransaction } from './retried-transaction.ts';
import { photoColumns, toListedPhoto } from './row-mappers.ts';
import type { Database } from './schema.ts';

/**
 * The Trash on PostgreSQL: `images.trashed_at`. Trashing and restoring touch only that column (the
 * photo's memberships, cover choices and faces stay, so a restore puts everything back); purging
 * deletes for good, in the lock order of every deletion (people-upkeep.ts): the owner, then photos,
 * then their albums.
 */
export class PostgresTrashRepository implements TrashRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  trash(ownerId: string, imageIds: readonly string[], at: Date): Promise<{ notFound: string[] }> {
    return this.#allOrNothing(ownerId, imageIds, (trx) =>
      trx
        .updateTable('images')
        .set({ trashed_at: at, updated_at: sql`now()` })
        .where('owner_id', '=', ownerId)
        .where('id', 'in', [...imageIds])
        .where('trashed_at', 'is', null)
        .execute(),
    );
  }

  restore(ownerId: string, imageIds: readonly string[]): Promise<{ notFound: string[] }> {
    return this.#allOrNothing(ownerId, imageIds, (trx) =>
      trx
        .updateTable('images')
        .set({ trashed_at: null, updated_at: sql`now()` })
        .where('owner_id', '=', ownerId)
        .where('id', 'in', [...imageIds])
        .where('trashed_at', 'is not', null)
        .execute(),
    );
  }

  async list(ownerId: string, page: { limit: number; after: TrashPosition | null }): Promise<TrashPage> {
    let query = this.#db
      .selectFrom('images as i')
      .select([
        ...photoColumns,
        'i.created_at',
        'i.trashed_at',
        // Microseconds survive only as text (as the library's cursor).
        sql<string>`to_char(i.trashed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('position'),
      ])
      .where('i.owner_id', '=', ownerId)
      .where('i.trashed_at', 'is not', null);
    if (page.after) {
      const { trashedAt, id } = page.after;
      query = query.where(sql<boolean>`(i.trashed_at, i.id) < (${trashedAt}::timestamptz, ${id}::uuid)`);
    }
    const rows = await query
      .orderBy('i.trashed_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows.at(-1);
    return {
      photos: pageRows.map((row) => ({
        ...toListedPhoto(row),
        createdAt: row.created_at,
        trashedAt: row.trashed_at as Date,
      })),
      next: rows.length > page.limit && last ? { trashedAt: last.position, id: last.id } : null,
    };
  }

  async count(ownerId: string): Promise<number> {
    const { count } = await this.#db
      .selectFrom('images')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('owner_id', '=', ownerId)
      .where('trashed_at', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  purge(
    selection: TrashSelection,
    deleteFiles: (photos: PurgedPhotoFiles[]) => Promise<void>,
  ): Promise<number> {
    // Retried as a deadlock victim (a merge racing it): deleting files already gone is harmless.
    return retriedTransaction(this.#db, async (trx) => {
      const due = (db: typeof trx) => {
        let query = db.selectFrom('images').where('trashed_at', 'is not', null);
        if (selection.ownerId !== undefined) query = query.where('owner_id', '=', selection.ownerId);
        if (selection.trashedBefore !== null) query = query.where('trashed_at', '<', selection.trashedBefore);
        return query;
      };
      const candidates = await due(trx)
        .select(['id', 'owner_id'])
        .orderBy('trashed_at')
        .orderBy('id')
        .limit(selection.limit)
        .execute();
      if (candidates.length === 0) return 0;
      const owners = [...new Set(candidates.map((photo) => photo.owner_id))].sort();
      // The owners' rows first, in id order, as everything that changes people takes them.
      for (const ownerId of owners) await lockOwner(trx, ownerId);
      // Then the photos, read again under lock: one restored meanwhile is no longer due and stays.
      const doomed = await due(trx)
        .select(['id', 'owner_id', 'storage_key', 'preview_key', 'thumbnail_key', 'model_key'])
        .where(
          'id',
          'in',
          candidates.map((photo) => photo.id),
        )
        .orderBy('id')
        .forUpdate()
        .execute();
      if (doomed.length === 0) return 0;
      const ids = doomed.map((photo) => photo.id);
      // While the rows are held no restore can take a photo whose files are going; if a file cannot
      // be deleted this throws and the records stay for the next attempt.
      await deleteFiles(
        doomed.map((photo) => ({
          storageKey: photo.storage_key,
          previewKey: photo.preview_key,
          thumbnailKey: photo.thumbnail_key,
          modelKey: photo.model_key,
        })),
      );
      // Contributors' photos in albums shared with them (issue 17) leave those albums too: they are
      // repaired below like the owner's own.
      const sharedAlbums = await trx
        .selectFrom('album_images as ai')
        .innerJoin('albums as a', 'a.id', 'ai.album_id')
        .innerJoin('images as i', 'i.id', 'ai.image_id')
        .select(['a.id', 'a.owner_id'])
        .distinct()
        .where('ai.image_id', 'in', ids)
        .whereRef('a.owner_id', '<>', 'i.owner_id')
        .orderBy('a.id')
        .execute();
      for (const ownerId of owners) {
        const albums = await albumsHolding(trx, ownerId, ids);
        await forgetFaces(
          trx,
          ownerId,
          doomed.filter((photo) => photo.owner_id === ownerId).map((photo) => photo.id),
        );
        // Memberships and exclusions cascade; covers pointing at the photos become null, repaired below.
        await trx.deleteFrom('images').where('owner_id', '=', ownerId).where('id', 'in', ids).execute();
        await deleteFaceless(trx, ownerId);
        await renumber(trx, ownerId, albums);
        await repairCovers(trx, ownerId, albums);
      }
      for (const { id, owner_id } of sharedAlbums) {
        await renumber(trx, owner_id, [id]);
        await repairCovers(trx, owner_id, [id]);
      }
      return doomed.length;
    });
  }

  async purgeDeletedAlbums(deletedBefore: Date): Promise<number> {
    // Memberships and exclusions cascade; the photos themselves stay in the library.
    const result = await this.#db
      .deleteFrom('albums')
      .where('deleted_at', 'is not', null)
      .where('deleted_at', '<', deletedBefore)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Runs `change` on the owner's photos in one transaction after checking, under lock, that every id
   * is the owner's; otherwise changes nothing and returns the ids that are not.
   */
  #allOrNothing(
    ownerId: string,
    imageIds: readonly string[],
    change: (trx: Transaction<Database>) => Promise<unknown>,
  ): Promise<{ notFound: string[] }> {
    return this.#db.transaction().execute(async (trx) => {
      const owned = await trx
        .selectFrom('images')
        .select('id')
        .where('owner_id', '=', ownerId)
        .where('id', 'in', [...imageIds])
        // In id order, so two bulk requests over the same photos queue up instead of deadlocking.
        .orderBy('id')
        .forUpdate()
        .execute();
      const found = new Set(owned.map((photo) => photo.id));
      const notFound = imageIds.filter((id) => !found.has(id));
      if (notFound.length > 0) return { notFound };
      await change(trx);
      return { notFound: [] };
    });
  }
}

/** The owner's albums (deleted ones too) that hold or show one of these photos, locked in id order. */
async function albumsHolding(
  trx: Transaction<Database>,
  ownerId: string,
  imageIds: string[],
): Promise<string[]> {
  const rows = await trx
    .selectFrom('albums as a')
    .select('a.id')
    .where('a.owner_id', '=', ownerId)
    .where((eb) =>
      eb.or([
        eb('a.cover_image_id', 'in', imageIds),
        eb.exists(
          eb
            .selectFrom('album_images as ai')
            .select('ai.image_id')
            .whereRef('ai.album_id', '=', 'a.id')
            .where('ai.image_id', 'in', imageIds),
        ),
      ]),
    )
    .orderBy('a.id')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}
