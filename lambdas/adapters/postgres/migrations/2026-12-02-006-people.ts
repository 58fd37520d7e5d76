import { type Kysely, sql } from 'kysely';

/**
 * Content and people (issue 14): each photo's visual signature (colour, layout, texture, written by
 * ingest), the per-user switch for people recognition (off until the user turns it on), the people
 * found in a user's photos and each face with its box and 128-number descriptor. Faces go with their
 * photo; a person goes with their owner. Turning the switch off deletes the owner's faces and people.
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('images').addColumn('look', sql`real[]`).execute();
  await db.schema
    .alterTable('users')
    .addColumn('people_recognition', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('centroid', sql`real[]`, (col) => col.notNull())
    .addColumn('face_count', 'integer', (col) => col.notNull().check(sql`face_count >= 0`))
    .addColumn('name', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('people_owner_idx').on('people').column('owner_id').execute();

  await db.schema
    .createTable('faces')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('image_id', 'uuid', (col) => col.notNull().references('images.id').onDelete('cascade'))
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (col) => col.references('people.id').onDelete('set null'))
    .addColumn('box_x', 'real', (col) => col.notNull())
    .addColumn('box_y', 'real', (col) => col.notNull())
    .addColumn('box_width', 'real', (col) => col.notNull())
    .addColumn('box_height', 'real', (col) => col.notNull())
    .addColumn('score', 'real', (col) => col.notNull())
    .addColumn('descriptor', sql`real[]`, (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('faces_image_idx').on('faces').column('image_id').execute();
  await db.schema.createIndex('faces_person_idx').on('faces').column('person_id').execute();
  await db.schema.createIndex('faces_owner_idx').on('faces').column('owner_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('faces').execute();
  await db.schema.dropTable('people').execute();
  await db.schema.alterTable('users').dropColumn('people_recognition').execute();
  await db.schema.alterTable('images').dropColumn('look').execute();
}
