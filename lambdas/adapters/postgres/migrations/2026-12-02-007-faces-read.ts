import type { Kysely } from 'kysely';

/**
 * When each photo's faces were read (null: never, or people recognition was turned off since), so that
 * turning recognition on can read the photos uploaded before, and only those. Frozen once released:
 * later changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('images').addColumn('faces_read_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('images').dropColumn('faces_read_at').execute();
}
