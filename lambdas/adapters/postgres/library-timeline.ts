/**
 * The library's timeline, as both the library and search page it: newest taken first (upload time for
 * photos without a date), ties broken by id, served by migration 008's images_owner_timeline_idx. One
 * place for the order, the position a cursor carries and the page's end, so a search result and the
 * library tile the same photos and their cursors mean the same thing.
 */
import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { LibraryPosition } from '../../core/ports.ts';

/** A photo's place in the timeline, from `images as i`. */
export const TIMELINE = sql<Date>`coalesce(i.taken_at, i.created_at)`;

/**
 * What a timeline page reads besides the photo: its position (microseconds survive only as text — a
 * JavaScript Date would round the cursor to milliseconds) and the owner's live albums holding it.
 */
export function timelineColumns(ownerId: string) {
  return [
    sql<string>`to_char(${TIMELINE} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('position'),
    sql<string[]>`array(
      select ai.album_id::text from album_images ai join albums a on a.id = ai.album_id
      where ai.image_id = i.id and a.owner_id = ${ownerId} and a.deleted_at is null
      order by a.created_at desc, a.id
    )`.as('album_ids'),
  ] as const;
}

/** One page of `query` in timeline order after `after`, and where the next one starts (null: none). */
export async function readTimelinePage<DB, TB extends keyof DB, Row extends { id: string; position: string }>(
  query: SelectQueryBuilder<DB, TB, Row>,
  page: { limit: number; after: LibraryPosition | null },
): Promise<{ rows: Row[]; next: LibraryPosition | null }> {
  let paged = query;
  if (page.after) {
    const { at, id } = page.after;
    paged = paged.where(sql<SqlBool>`(${TIMELINE}, i.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await paged
    .orderBy(TIMELINE, 'desc')
    .orderBy(sql`i.id`, 'desc')
    .limit(page.limit + 1)
    .execute();
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  return {
    rows: pageRows,
    next: rows.length > page.limit && last ? { at: last.position, id: last.id } : null,
  };
}
