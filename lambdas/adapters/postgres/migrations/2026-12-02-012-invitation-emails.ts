import { type Kysely, sql } from 'kysely';

/**
 * Invitation emails sent on an owner's behalf (issue 17 review): in AWS inviting a new address makes a
 * Cognito user and Cognito emails them, and the account's default sender allows only about 50 emails a
 * day, so each owner may send a bounded number a day. One row per email; rows older than the window
 * are deleted as the owner's next one is counted. They go with the owner.
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invitation_emails')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sent_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('invitation_emails_owner_idx')
    .on('invitation_emails')
    .columns(['owner_id', 'sent_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invitation_emails').execute();
}
