/**
 * "Is this the caller's album, and not deleted?" — the check every owner-only sharing change starts
 * with (links, members, the page). With `lock`, the album's row is locked FOR UPDATE, so two requests
 * cannot both pass a count or a state check made under it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export async function ownsLiveAlbum(
  db: Kysely<Database> | Transaction<Database>,
  ownerId: string,
  albumId: string,
  options: { lock?: boolean } = {},
): Promise<boolean> {
  const query = db
    .selectFrom('albums')
    .select('id')
    .where('id', '=', albumId)
    .where('owner_id', '=', ownerId)
    .where('deleted_at', 'is', null);
  return (await (options.lock ? query.forUpdate() : query).executeTakeFirst()) !== undefined;
}
