import { type Kysely, sql } from 'kysely';
import { duplicateReason } from '../../core/duplicates.ts';
import type { Photo } from '../../core/model.ts';
import type { PhotoDescription } from '../../core/photo-details.ts';
import type {
  IngestedPhoto,
  LibraryCopy,
  NewPhoto,
  PhotoDetails,
  PhotoRepository,
  RecordIngestedOutcome,
} from '../../core/ports.ts';
import { UNORGANIZED_ORIGINAL_DAYS } from '../../core/upload-policy.ts';
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
          declared_sha256: photo.declaredSha256 ?? null,
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

  recordIngested(photo: IngestedPhoto): Promise<RecordIngestedOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      const self = await trx
        .selectFrom('images')
        .select(['owner_id', 'status'])
        .where('id', '=', photo.imageId)
        .executeTakeFirst();
      if (!self) return { kind: 'recorded' } as const; // Forgotten meanwhile: nothing to record.
      if (self.status !== 'ready') {
        // One copy of these bytes per owner at a time: a second ingest of the same bytes waits here
        // until the first one's transaction ends, then finds it.
        await sql`select pg_advisory_xact_lock(hashtextextended(${`${self.owner_id}:${photo.sha256}`}, 0))`.execute(
          trx,
        );
        const original = await trx
          .selectFrom('images')
          .select(['id', 'original_filename'])
          .where('owner_id', '=', self.owner_id)
          .where('sha256', '=', photo.sha256)
          .where('id', '!=', photo.imageId)
          .where('status', 'in', ['analyzed', 'ready'])
          .where('trashed_at', 'is', null)
          .orderBy(sql`status = 'ready'`, 'desc')
          .orderBy('created_at')
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        if (original) {
          await trx
            .updateTable('images')
            .set({
              status: 'rejected',
              rejection_reason: duplicateReason(original.original_filename),
              sha256: photo.sha256,
              ingested_at: sql`now()`,
              updated_at: sql`now()`,
            })
            .where('id', '=', photo.imageId)
            .execute();
          return {
            kind: 'duplicate',
            original: { imageId: original.id, originalFilename: original.original_filename },
          } as const;
        }
      }
      await trx
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
          ...detailsColumns(photo),
          sha256: photo.sha256,
          perceptual_hash: photo.perceptualHash,
          look: photo.look,
          ingested_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('id', '=', photo.imageId)
        .execute();
      return { kind: 'recorded' } as const;
    });
  }

  async findLibraryCopies(ownerId: string, sha256s: readonly string[]): Promise<LibraryCopy[]> {
    if (sha256s.length === 0) return [];
    // The (owner_id, sha256) index finds each hash; distinct on keeps the best copy of each.
    const rows = await this.#db
      .selectFrom('images')
      .select(['id', 'storage_key', 'original_filename', 'sha256', 'status'])
      .distinctOn('sha256')
      .where('owner_id', '=', ownerId)
      .where('sha256', 'in', [...sha256s])
      // A copy never organized counts only while its original surely outlives the answer: storage
      // expires such originals UNORGANIZED_ORIGINAL_DAYS after upload, and the client organizes next.
      .where((eb) =>
        eb.or([
          eb('status', '=', 'ready'),
          eb.and([
            eb('status', '=', 'analyzed'),
            eb('created_at', '>', sql<Date>`now() - make_interval(days => ${UNORGANIZED_ORIGINAL_DAYS - 1})`),
          ]),
        ]),
      )
      .where('trashed_at', 'is', null)
      .orderBy('sha256')
      .orderBy(sql`status = 'ready'`, 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      imageId: row.id,
      storageKey: row.storage_key,
      originalFilename: row.original_filename,
      sha256: row.sha256 as string,
      organized: row.status === 'ready',
    }));
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

  async listDetailsUnread(limit: number, afterId?: string): Promise<Photo[]> {
    let query = this.#db
      .selectFrom('images')
      .selectAll()
      // As images_details_unread (migration 016) is written, so it serves this alone.
      .where('details_read', '=', false)
      .where('status', 'in', ['analyzed', 'ready']);
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map(toPhoto);
  }

  async recordDetailsRead(
    imageId: string,
    details: PhotoDetails | null,
    description: PhotoDescription,
  ): Promise<void> {
    // Described only when organized (unorganized photos are described by organizing) and never
    // described before: a model's or an earlier offline description stays.
    const describe = sql<boolean>`status = 'ready' and description_source is null`;
    await this.#db
      .updateTable('images')
      .set({
        ...(details && { ...detailsColumns(details), camera: sql`coalesce(${details.camera}, camera)` }),
        // Read even when the original is gone: there is nothing more to read.
        details_read: true,
        caption: sql`case when ${describe} then ${description.caption} else caption end`,
        tags: sql`case when ${describe} then ${description.tags}::text[] else tags end`,
        description_source: sql`case when ${describe} then ${description.source} else description_source end`,
        updated_at: sql`now()`,
      })
      .where('id', '=', imageId)
      // Ingest may have read the photo meanwhile: what it wrote is newer.
      .where('details_read', '=', false)
      .execute();
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

/** The columns of a photo's details; writing them marks the details read. */
function detailsColumns(details: PhotoDetails) {
  return {
    camera_make: details.settings.make,
    camera_model: details.settings.model,
    lens: details.settings.lens,
    exposure_seconds: details.settings.exposureSeconds,
    f_number: details.settings.fNumber,
    iso: details.settings.iso,
    focal_length_mm: details.settings.focalLengthMm,
    latitude: details.location?.latitude ?? null,
    longitude: details.location?.longitude ?? null,
    details_read: true,
  };
}
