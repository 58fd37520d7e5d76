import type { Kysely } from 'kysely';

/**
 * Which queue message holds a `processing` job. A later delivery of that same message may take the
 * job over at once: SQS hands a message to one consumer at a time, so its earlier delivery has ended
 * (failed and handed back, or its worker died) — even when that worker could not release the job
 * because the database was down. Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('processing_jobs').addColumn('claimed_by', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('processing_jobs').dropColumn('claimed_by').execute();
}
