/**
 * Which photos had their details read (issue 18's camera settings and location rounded to about 100 m).
 * Photos read before migration 014 have none: they are read again from their originals by the hourly
 * details read (core/use-cases/read-missing-details.ts), which also gives organized ones the offline
 * caption and tags. Every existing photo starts unread, except those with a detail already stored
 * (read since 014); one read since 014 whose file carried no detail is read again, harmlessly. Ingest
 * sets it for every photo it reads from now on.
 * Frozen once released: later changes get a new dated migration.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('images')
    .addColumn('details_read', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  await sql`update images set details_read = true
    where camera_make is not null or camera_model is not null or lens is not null
       or exposure_seconds is not null or f_number is not null or iso is not null
       or focal_length_mm is not null or latitude is not null`.execute(db);
  // Only the photos still to read: empty once the library is caught up, so it costs nothing after.
  await sql`create index images_details_unread on images (id)
    where not details_read and status in ('analyzed', 'ready')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('images_details_unread').execute();
  await db.schema.alterTable('images').dropColumn('details_read').execute();
}
