import { type Kysely, sql } from 'kysely';

/**
 * Share links (issue 17): a public, read-only page of one album, opened with a random token that is
 * stored only as its SHA-256 (a leaked table opens nothing).
 * - share_links.token_hash: unique, the only way a public request finds its link.
 * - revoked_at: the owner revoked it (kept, so the owner's list shows it as revoked).
 * - Deleting an album revokes its links (trigger below, whichever path deletes it: the delete route,
 *   a merge): restoring the album does not bring them back — sharing again is a deliberate act.
 *   Purging the album deletes them (ON DELETE CASCADE).
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('share_links')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('album_id', 'uuid', (col) => col.notNull().references('albums.id').onDelete('cascade'))
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'bytea', (col) => col.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('allow_originals', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_opened_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('share_links_album_idx')
    .on('share_links')
    .columns(['album_id', 'created_at'])
    .execute();
  await sql`create function share_links_revoke_on_album_delete() returns trigger language plpgsql as $$
    begin
      update share_links set revoked_at = new.deleted_at where album_id = new.id and revoked_at is null;
      return null;
    end $$`.execute(db);
  await sql`create trigger share_links_album_deleted
    after update of deleted_at on albums
    for each row when (old.deleted_at is null and new.deleted_at is not null)
    execute function share_links_revoke_on_album_delete()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger share_links_album_deleted on albums`.execute(db);
  await sql`drop function share_links_revoke_on_album_delete()`.execute(db);
  await db.schema.dropTable('share_links').execute();
}
