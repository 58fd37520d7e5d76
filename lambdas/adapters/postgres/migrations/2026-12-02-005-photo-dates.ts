import { type Kysely, sql } from 'kysely';

/**
 * Where each photo's date came from (`exif`, `file-name`, `file-time`; null: none), and the file's
 * last-modified time as the uploading browser reported it (a last resort, kept apart from the date).
 * Photos read before this migration keep a null source; their dates came from EXIF, the only source
 * then, and the row mappers show them so (no table rewrite to say it). Frozen once released: later
 * changes get a new dated migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('images')
    .addColumn('taken_at_source', 'text', (col) =>
      col.check(sql`taken_at_source in ('exif', 'file-name', 'file-time')`),
    )
    .addColumn('file_modified_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('images').dropColumn('taken_at_source').dropColumn('file_modified_at').execute();
}
