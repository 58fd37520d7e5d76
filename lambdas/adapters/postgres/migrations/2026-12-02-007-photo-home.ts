import { type Kysely, sql } from 'kysely';

/**
 * A photo home (issue 15): the user's word stands over the organizer, nothing is lost by one click,
 * and the same file is not stored twice.
 * - images.trashed_at: in the Trash (hidden everywhere, restorable, purged 30 days later);
 *   images.declared_sha256: the SHA-256 the uploader announced, which ingest checks the bytes against (the
 *   index on (owner_id, sha256) from 004 finds a file already in the library).
 * - albums.deleted_at: deleted (hidden, restorable, never recreated or joined by the organizer);
 *   albums.origin: made by the organizer or by the user; *_edited: the user's title or description,
 *   which organizing never changes.
 * - album_images.added_by_job: the job that put the photo in the album, so its outcome can be undone;
 *   null when the user did.
 * - album_exclusions: a photo the user took out of an album, which organizing never puts back.
 * - processing_jobs.undone_at: the job's outcome was undone (its photos stay in the library).
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('images')
    .addColumn('trashed_at', 'timestamptz')
    .addColumn('declared_sha256', 'text')
    .execute();
  await db.schema
    .createIndex('images_trashed_idx')
    .on('images')
    .column('trashed_at')
    .where(sql.ref('trashed_at'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('albums')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('origin', 'text', (col) =>
      col.notNull().defaultTo('organizer').check(sql`origin in ('organizer', 'user')`),
    )
    .addColumn('title_edited', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('description_edited', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createIndex('albums_deleted_idx')
    .on('albums')
    .column('deleted_at')
    .where(sql.ref('deleted_at'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('album_images')
    .addColumn('added_by_job', 'uuid', (col) => col.references('processing_jobs.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('album_images_job_idx')
    .on('album_images')
    .column('added_by_job')
    .where(sql.ref('added_by_job'), 'is not', null)
    .execute();

  await db.schema
    .createTable('album_exclusions')
    .addColumn('album_id', 'uuid', (col) => col.notNull().references('albums.id').onDelete('cascade'))
    .addColumn('image_id', 'uuid', (col) => col.notNull().references('images.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('album_exclusions_pk', ['album_id', 'image_id'])
    .execute();
  await db.schema
    .createIndex('album_exclusions_image_idx')
    .on('album_exclusions')
    .column('image_id')
    .execute();

  await db.schema.alterTable('processing_jobs').addColumn('undone_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('processing_jobs').dropColumn('undone_at').execute();
  await db.schema.dropTable('album_exclusions').execute();
  await db.schema.alterTable('album_images').dropColumn('added_by_job').execute();
  await db.schema
    .alterTable('albums')
    .dropColumn('deleted_at')
    .dropColumn('origin')
    .dropColumn('title_edited')
    .dropColumn('description_edited')
    .execute();
  await db.schema.alterTable('images').dropColumn('trashed_at').dropColumn('declared_sha256').execute();
}
