import { type Kysely, sql } from 'kysely';
import {
  type CreateShareLinkOutcome,
  MAX_LINKS_PER_ALBUM,
  type OpenedShareLink,
  type ShareLink,
  type ShareLinkRepository,
} from '../../core/share-links.ts';
import { ownsLiveAlbum } from './owned-album.ts';
import type { Database, ShareLinksTable } from './schema.ts';

const LINK_COLUMNS = [
  'id',
  'album_id',
  'created_at',
  'expires_at',
  'allow_originals',
  'revoked_at',
  'last_opened_at',
] as const;

type LinkRow = Pick<
  ShareLinksTable,
  'id' | 'album_id' | 'expires_at' | 'allow_originals' | 'revoked_at' | 'last_opened_at'
> & {
  created_at: Date;
};

/** Share links on PostgreSQL. Owner routes filter on the owner; the public lookup only on the token hash. */
export class PostgresShareLinkRepository implements ShareLinkRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  create(
    ownerId: string,
    link: { id: string; albumId: string; tokenHash: Uint8Array; expiresAt: Date; allowOriginals: boolean },
  ): Promise<{ outcome: CreateShareLinkOutcome; link?: ShareLink }> {
    return this.#db.transaction().execute(async (trx) => {
      // The album's row is locked so two requests cannot both pass the count.
      if (!(await ownsLiveAlbum(trx, ownerId, link.albumId, { lock: true }))) {
        return { outcome: 'album_not_found' as const };
      }
      const { count } = await trx
        .selectFrom('share_links')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('album_id', '=', link.albumId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_LINKS_PER_ALBUM) return { outcome: 'too_many_links' as const };
      const row = await trx
        .insertInto('share_links')
        .values({
          id: link.id,
          album_id: link.albumId,
          owner_id: ownerId,
          token_hash: Buffer.from(link.tokenHash),
          expires_at: link.expiresAt,
          allow_originals: link.allowOriginals,
        })
        .returning(LINK_COLUMNS)
        .executeTakeFirstOrThrow();
      return { outcome: 'created' as const, link: toShareLink(row) };
    });
  }

  async list(ownerId: string, albumId: string): Promise<ShareLink[] | null> {
    if (!(await ownsLiveAlbum(this.#db, ownerId, albumId))) return null;
    const rows = await this.#db
      .selectFrom('share_links')
      .select(LINK_COLUMNS)
      .where('album_id', '=', albumId)
      .where('owner_id', '=', ownerId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toShareLink);
  }

  async revoke(ownerId: string, albumId: string, linkId: string, at: Date): Promise<boolean> {
    const row = await this.#db
      .updateTable('share_links as l')
      .set({ revoked_at: sql`coalesce(l.revoked_at, ${at})` })
      .from('albums as a')
      .whereRef('a.id', '=', 'l.album_id')
      .where('a.deleted_at', 'is', null)
      .where('l.id', '=', linkId)
      .where('l.album_id', '=', albumId)
      .where('l.owner_id', '=', ownerId)
      .returning('l.id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async open(tokenHash: Uint8Array, now: Date): Promise<OpenedShareLink | null> {
    // One statement whatever the outcome: a working link is found and, at most once a minute, stamped
    // (anyone can force a public hit, so not a write each time); anything else finds nothing.
    const row = await this.#db
      .with('opened', (db) =>
        db
          .selectFrom('share_links as l')
          .innerJoin('albums as a', 'a.id', 'l.album_id')
          .select(['l.id', 'l.album_id', 'l.owner_id', 'l.allow_originals', 'l.last_opened_at'])
          .where('l.token_hash', '=', Buffer.from(tokenHash))
          .where('l.revoked_at', 'is', null)
          .where('l.expires_at', '>', now)
          .where('a.deleted_at', 'is', null),
      )
      .with('stamped', (db) =>
        db
          .updateTable('share_links')
          .set({ last_opened_at: now })
          .where('id', 'in', db.selectFrom('opened').select('opened.id'))
          .where((eb) =>
            eb.or([
              eb('last_opened_at', 'is', null),
              eb('last_opened_at', '<', sql<Date>`${now}::timestamptz - interval '1 minute'`),
            ]),
          )
          .returning('id'),
      )
      .selectFrom('opened')
      .select(['opened.id', 'opened.album_id', 'opened.owner_id', 'opened.allow_originals'])
      .executeTakeFirst();
    if (!row) return null;
    return {
      linkId: row.id,
      albumId: row.album_id,
      ownerId: row.owner_id,
      allowOriginals: row.allow_originals,
    };
  }
}

function toShareLink(row: LinkRow): ShareLink {
  return {
    id: row.id,
    albumId: row.album_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    allowOriginals: row.allow_originals,
    revokedAt: row.revoked_at,
    lastOpenedAt: row.last_opened_at,
  };
}
