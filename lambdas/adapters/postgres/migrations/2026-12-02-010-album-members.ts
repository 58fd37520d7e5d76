import { type Kysely, sql } from 'kysely';

/**
 * Shared albums with members (issue 17): who may see an album beside its owner, as a viewer or a
 * contributor, invited and then accepted. Declining, leaving and being removed delete the row: nothing
 * reads the history, and a later invitation is then a plain new row. A member goes with the album and
 * with their own user. `users.display_name` is what members see of each other ("Shared by alice"):
 * written from the token where the user row is ensured (local: the username; Cognito: the email).
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('display_name', 'text').execute();

  await db.schema
    .createTable('album_permissions')
    .addColumn('album_id', 'uuid', (col) => col.notNull().references('albums.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('viewer', 'contributor')`))
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('invited', 'accepted')`))
    .addColumn('invited_by', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // What the owner typed (a username or an email address), shown in the owner's list of members.
    .addColumn('invited_as', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('responded_at', 'timestamptz')
    .addPrimaryKeyConstraint('album_permissions_pk', ['album_id', 'user_id'])
    .execute();
  // "Shared with me" and the invitations read by member.
  await db.schema
    .createIndex('album_permissions_user_idx')
    .on('album_permissions')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('album_permissions').execute();
  await db.schema.alterTable('users').dropColumn('display_name').execute();
}
