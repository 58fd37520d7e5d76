/**
 * The library is a timeline: newest taken first (upload time for photos without a date). This index
 * serves its pages and its month counts without sorting the user's whole library.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index images_owner_timeline_idx
    on images (owner_id, (coalesce(taken_at, created_at)) desc, id desc)
    where status = 'ready' and trashed_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index images_owner_timeline_idx`.execute(db);
}
