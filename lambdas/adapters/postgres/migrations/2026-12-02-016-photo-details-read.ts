/**
 * Which photos had their details read (issue 18's camera settings and location rounded to about 100 m):
 * photos read before migration 014 have none, and are read again from their originals by the hourly
 * details read (core/use-cases/read-missing-details.ts), which also gives organized ones the offline
 * caption and tags. Ingest sets it for every photo it reads from now on.
 * Frozen once released: later changes get a new dated migration.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('images')
    .addColumn('details_read', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  // Only the photos still to read: empty once the library is caught up, so it costs nothing after.
  await sql`create index images_details_unread on images (created_at, id)
    where not details_read and status in ('analyzed', 'ready')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('images_details_unread').execute();
  await db.schema.alterTable('images').dropColumn('details_read').execute();
}
