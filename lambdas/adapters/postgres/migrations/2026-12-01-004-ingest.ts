import { type Kysely, sql } from 'kysely';

/**
 * Photos are read as they land (ingest): a photo becomes `analyzed` with its facts and renditions
 * before anyone organizes it, and `ready` once organized. New columns hold what ingest computes: the
 * model rendition's key, the camera, the SHA-256 of the bytes, a perceptual hash, and when it was read.
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('images')
    .addColumn('model_key', 'text')
    .addColumn('camera', 'text')
    .addColumn('sha256', 'text')
    .addColumn('perceptual_hash', 'text')
    .addColumn('ingested_at', 'timestamptz')
    .execute();
  await sql`alter table images drop constraint if exists images_status_check`.execute(db);
  await sql`alter table images add constraint images_status_check
    check (status in ('awaiting_upload', 'analyzed', 'ready', 'rejected'))`.execute(db);
  await db.schema
    .createIndex('images_owner_sha256_idx')
    .on('images')
    .columns(['owner_id', 'sha256'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('images_owner_sha256_idx').execute();
  // Photos read but not organized go back to "uploaded, not yet read", which is what they were.
  await sql`update images set status = 'awaiting_upload' where status = 'analyzed'`.execute(db);
  await sql`alter table images drop constraint if exists images_status_check`.execute(db);
  await sql`alter table images add constraint images_status_check
    check (status in ('awaiting_upload', 'ready', 'rejected'))`.execute(db);
  await db.schema
    .alterTable('images')
    .dropColumn('model_key')
    .dropColumn('camera')
    .dropColumn('sha256')
    .dropColumn('perceptual_hash')
    .dropColumn('ingested_at')
    .execute();
}
