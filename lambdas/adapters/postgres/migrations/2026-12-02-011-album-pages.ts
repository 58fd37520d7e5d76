import { type Kysely, sql } from 'kysely';

/**
 * Album pages (issue 17): one row per album whose page was designed, edited or asked for. `spec` is
 * the validated design (null while the first design is still queued: the page is then the offline
 * one, computed on read); the owner's hand-written headline and introduction are flagged so that
 * designing again keeps them. The row also carries the page's one design job: its status, the request
 * the queued message belongs to (an older message finds another id and does nothing), attempts, the
 * last error, and what the model call cost. It goes with its album.
 * Frozen once released: later changes get a new dated migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('album_pages')
    .addColumn('album_id', 'uuid', (col) => col.primaryKey().references('albums.id').onDelete('cascade'))
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('spec', 'jsonb')
    .addColumn('source', 'text', (col) => col.check(sql`source in ('model', 'offline')`))
    .addColumn('headline_edited', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('introduction_edited', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('idle').check(sql`status in ('idle', 'queued', 'designing', 'failed')`),
    )
    .addColumn('request_id', 'uuid')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn('error', 'text')
    .addColumn('usage', 'jsonb')
    .addColumn('model', 'text')
    .addColumn('requested_at', 'timestamptz')
    .addColumn('designed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('album_pages_spec_has_source', sql`(spec is null) = (source is null)`)
    .execute();
  await db.schema.createIndex('album_pages_owner_idx').on('album_pages').column('owner_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('album_pages').execute();
}
