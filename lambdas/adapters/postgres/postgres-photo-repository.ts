import { type Kysely, sql } from 'kysely';
import type { Photo } from '../../core/model.ts';
import type { IngestedPhoto, NewPhoto, PhotoRepository } from '../../core/ports.ts';
import { deleteFaceless, forgetFaces, lockOwner } from './people-upkeep.ts';
import { toPhoto } from './row-mappers.ts';
import type { Database } from './schema.ts';

export class PostgresPhotoRepository implements PhotoRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async addAwaitingUpload(photos: NewPhoto[]): Promise<void> {
    if (photos.length === 0) return;
    await this.#db
      .insertInto('images')
      .values(
        photos.map((photo) => ({
          id: photo.id,
          owner_id: photo.ownerId,
          storage_key: photo.storageKey,
          original_filename: photo.originalFilename,
          content_type: photo.contentType,
          size_bytes: photo.sizeBytes,
          file_modified_at: photo.fileModifiedAt ?? null,
          status: 'awaiting_upload' as const,
        })),
      )
      .execute();
  }

  purgeUnorganized(cutoff: Date): Promise<string[]> {
    return this.#db.transaction().execute(async (trx) => {
      const unorganized = (db: typeof trx) =>
        db
          .selectFrom('images')
          // Uploaded and read (analyzed) but never organized counts as never organized too.
          .where('status', 'in', ['awaiting_upload', 'analyzed', 'rejected'])
          .where('created_at', '<', cutoff)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('processing_jobs as j')
                  .select(sql`1`.as('one'))
                  .where('j.status', 'in', ['pending', 'processing'])
                  .where(sql<boolean>`j.image_keys @> array[images.storage_key]`),
              ),
            ),
          );
      const owners = await unorganized(trx).select('owner_id').distinct().orderBy('owner_id').execute();
      if (owners.length === 0) return [];
      // The owners' rows first, in id order, as everything that changes people takes them.
      for (const { owner_id } of owners) await lockOwner(trx, owner_id);
      const doomed = await unorganized(trx)
        .select(['id', 'owner_id', 'storage_key'])
        .where(
          'owner_id',
          'in',
          owners.map((owner) => owner.owner_id),
        )
        .forUpdate()
        .execute();
      for (const { owner_id: ownerId } of owners) {
        const photos = doomed.filter((photo) => photo.owner_id === ownerId).map((photo) => photo.id);
        await forgetFaces(trx, ownerId, photos);
      }
      if (doomed.length > 0)
        await trx
          .deleteFrom('images')
          .where(
            'id',
            'in',
            doomed.map((photo) => photo.id),
          )
          .execute();
      for (const { owner_id: ownerId } of owners) await deleteFaceless(trx, ownerId);
      return doomed.map((photo) => photo.storage_key);
    });
  }

  async findByStorageKey(storageKey: string): Promise<Photo | null> {
    const row = await this.#db
      .selectFrom('images')
      .selectAll()
      .where('storage_key', '=', storageKey)
      .executeTakeFirst();
    return row ? toPhoto(row) : null;
  }

  async recordIngested(photo: IngestedPhoto): Promise<void> {
    await this.#db
      .updateTable('images')
      .set({
        // Organized photos stay organized; everything else is now read.
        status: sql`case when status = 'ready' then 'ready' else 'analyzed' end`,
        rejection_reason: null,
        preview_key: photo.previewKey,
        thumbnail_key: photo.thumbnailKey,
        model_key: photo.modelKey,
        width: photo.width,
        height: photo.height,
        taken_at: photo.takenAt,
        taken_at_source: photo.takenAtSource,
        place_city: photo.place?.city ?? null,
        place_country: photo.place?.country ?? null,
        camera: photo.camera,
        sha256: photo.sha256,
        perceptual_hash: photo.perceptualHash,
        look: photo.look,
        ingested_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', photo.imageId)
      .execute();
  }

  async recordIngestRejected(imageId: string, reason: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('images')
      .set({ status: 'rejected', rejection_reason: reason, ingested_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', imageId)
      // A photo already organized keeps its albums; the bad re-upload is only logged.
      .where('status', '!=', 'ready')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async findOwnedByKeys(ownerId: string, keys: string[]): Promise<Photo[]> {
    if (keys.length === 0) return [];
    const rows = await this.#db
      .selectFrom('images')
      .selectAll()
      .where('owner_id', '=', ownerId)
      .where('storage_key', 'in', keys)
      .execute();
    return rows.map(toPhoto);
  }
}
