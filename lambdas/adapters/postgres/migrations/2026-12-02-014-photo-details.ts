/**
 * What a photo is about and how it was taken (issue 18): a short caption and up to five tags from the
 * organizing call (or, offline, from what ingest read), the camera's settings from EXIF, and where it
 * was taken rounded to about 100 m (core/photo-details.ts). A person can be hidden from the People
 * screen and from search without forgetting their faces.
 * Frozen once released: later changes get a new dated migration.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('images')
    .addColumn('caption', 'text')
    .addColumn('tags', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('description_source', 'text', (col) =>
      col.check(sql`description_source in ('model', 'offline')`),
    )
    .addColumn('camera_make', 'text')
    .addColumn('camera_model', 'text')
    .addColumn('lens', 'text')
    .addColumn('exposure_seconds', 'double precision', (col) => col.check(sql`exposure_seconds > 0`))
    .addColumn('f_number', 'real', (col) => col.check(sql`f_number > 0`))
    .addColumn('iso', 'integer', (col) => col.check(sql`iso > 0`))
    .addColumn('focal_length_mm', 'real', (col) => col.check(sql`focal_length_mm > 0`))
    .addColumn('latitude', 'double precision', (col) => col.check(sql`latitude between -90 and 90`))
    .addColumn('longitude', 'double precision', (col) => col.check(sql`longitude between -180 and 180`))
    .execute();
  await sql`alter table images add constraint images_tags_bounded check (cardinality(tags) <= 5)`.execute(db);
  await sql`alter table images add constraint images_location_whole
    check ((latitude is null) = (longitude is null))`.execute(db);
  await db.schema
    .alterTable('people')
    .addColumn('hidden', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('hidden').execute();
  await db.schema.alterTable('images').dropConstraint('images_location_whole').execute();
  await db.schema.alterTable('images').dropConstraint('images_tags_bounded').execute();
  for (const column of [
    'longitude',
    'latitude',
    'focal_length_mm',
    'iso',
    'f_number',
    'exposure_seconds',
    'lens',
    'camera_model',
    'camera_make',
    'description_source',
    'tags',
    'caption',
  ]) {
    await db.schema.alterTable('images').dropColumn(column).execute();
  }
}
