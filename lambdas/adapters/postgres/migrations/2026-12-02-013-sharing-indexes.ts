import type { Kysely } from 'kysely';

/**
 * Indexes for the sharing tables' other user references (issue 17 review): `share_links.owner_id` and
 * `album_permissions.invited_by` cascade when a user is deleted, and without an index each delete
 * scans the whole table to find the rows to cascade to.
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('share_links_owner_idx').on('share_links').column('owner_id').execute();
  await db.schema
    .createIndex('album_permissions_invited_by_idx')
    .on('album_permissions')
    .column('invited_by')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('album_permissions_invited_by_idx').execute();
  await db.schema.dropIndex('share_links_owner_idx').execute();
}
