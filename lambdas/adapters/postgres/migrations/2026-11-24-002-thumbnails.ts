import type { Kysely } from 'kysely';

/**
 * Grid thumbnails (about 512 px), written by the worker next to the preview. Photos organized
 * before this migration have none (null): the API then hands out the preview in their place.
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('images').addColumn('thumbnail_key', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('images').dropColumn('thumbnail_key').execute();
}
