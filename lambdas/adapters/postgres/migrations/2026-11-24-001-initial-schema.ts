/**
 * Frozen in time: never edit a migration that has shipped, add a new one. Imports nothing from the app.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('subject', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('images')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('storage_key', 'text', (col) => col.notNull().unique())
    .addColumn('preview_key', 'text')
    .addColumn('original_filename', 'text', (col) => col.notNull())
    .addColumn('content_type', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull().check(sql`size_bytes >= 0`))
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('taken_at', 'timestamptz')
    .addColumn('place_city', 'text')
    .addColumn('place_country', 'text')
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('awaiting_upload')
        .check(sql`status in ('awaiting_upload', 'ready', 'rejected')`),
    )
    .addColumn('rejection_reason', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('images_owner_created_idx')
    .on('images')
    .columns(['owner_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('processing_jobs')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'processing', 'completed', 'failed')`),
    )
    .addColumn('image_keys', sql`text[]`, (col) => col.notNull())
    .addColumn('result_data', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('processing_jobs_owner_created_idx')
    .on('processing_jobs')
    .columns(['owner_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('processing_jobs_owner_idempotency_key_idx')
    .on('processing_jobs')
    .columns(['owner_id', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
  // Finds jobs stuck in `processing` whose worker died.
  await db.schema
    .createIndex('processing_jobs_status_started_idx')
    .on('processing_jobs')
    .columns(['status', 'started_at'])
    .execute();

  await db.schema
    .createTable('albums')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('job_id', 'uuid', (col) => col.references('processing_jobs.id').onDelete('set null'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('theme_description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('cover_image_id', 'uuid', (col) => col.references('images.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('albums_owner_created_idx')
    .on('albums')
    .columns(['owner_id', 'created_at'])
    .execute();
  await db.schema.createIndex('albums_job_idx').on('albums').column('job_id').execute();
  await db.schema.createIndex('albums_cover_image_idx').on('albums').column('cover_image_id').execute();

  await db.schema
    .createTable('album_images')
    .addColumn('album_id', 'uuid', (col) => col.notNull().references('albums.id').onDelete('cascade'))
    .addColumn('image_id', 'uuid', (col) => col.notNull().references('images.id').onDelete('cascade'))
    .addColumn('display_order', 'integer', (col) => col.notNull().check(sql`display_order >= 0`))
    .addPrimaryKeyConstraint('album_images_pk', ['album_id', 'image_id'])
    .execute();
  await db.schema.createIndex('album_images_image_idx').on('album_images').column('image_id').execute();
  await db.schema
    .createIndex('album_images_album_order_idx')
    .on('album_images')
    .columns(['album_id', 'display_order'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['album_images', 'albums', 'processing_jobs', 'images', 'users']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
