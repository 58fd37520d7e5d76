import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AlbumPageSource, AlbumPageSpec } from '../../core/album-page.ts';
import type {
  AlbumPageFacts,
  AlbumPageRepository,
  ClaimPageOutcome,
  DesignedPage,
  PageJob,
  StoredAlbumPage,
} from '../../core/album-page-ports.ts';
import { IDLE_PAGE_JOB } from '../../core/album-page-ports.ts';
import type { TokenUsage } from '../../core/model.ts';
import { shownCover } from '../../core/trash.ts';
import { shownInAlbum } from './album-visibility.ts';
import { ownsLiveAlbum } from './owned-album.ts';
import type { AlbumPagesTable, Database } from './schema.ts';

type PageRow = Selectable<AlbumPagesTable>;

/** Album pages on PostgreSQL: one `album_pages` row per album, holding the design and its job. */
export class PostgresAlbumPageRepository implements AlbumPageRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async facts(ownerId: string, albumId: string): Promise<AlbumPageFacts | null> {
    const album = await this.#db
      .selectFrom('albums')
      .select(['id', 'owner_id', 'title', 'theme_description', 'cover_image_id'])
      .where('id', '=', albumId)
      .where('owner_id', '=', ownerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!album) return null;
    const photos = await this.#db
      .selectFrom('album_images as ai')
      .innerJoin('images as i', 'i.id', 'ai.image_id')
      .select([
        'i.id',
        'i.taken_at',
        'i.place_city',
        'i.place_country',
        'i.width',
        'i.height',
        'i.look',
        'i.model_key',
      ])
      .where('ai.album_id', '=', albumId)
      // What the album shows: the owner's photos and the accepted contributors', none in the Trash.
      .where(shownInAlbum(sql.ref('ai.album_id'), ownerId))
      .orderBy('ai.display_order')
      .orderBy('i.id')
      .execute();
    return {
      albumId: album.id,
      ownerId: album.owner_id,
      title: album.title,
      description: album.theme_description,
      coverImageId: shownCover(
        album.cover_image_id,
        photos.map((photo) => photo.id),
      ),
      photos: photos.map((photo) => ({
        id: photo.id,
        takenAt: photo.taken_at,
        place:
          photo.place_city && photo.place_country
            ? { city: photo.place_city, country: photo.place_country }
            : null,
        width: photo.width,
        height: photo.height,
        look: photo.look,
        modelKey: photo.model_key,
      })),
    };
  }

  async find(ownerId: string, albumId: string): Promise<StoredAlbumPage> {
    const row = await this.#db
      .selectFrom('album_pages')
      .selectAll()
      .where('album_id', '=', albumId)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    return row ? toStoredPage(row) : { page: null, job: IDLE_PAGE_JOB };
  }

  edit(
    ownerId: string,
    albumId: string,
    edit: (current: AlbumPageSpec | null) => AlbumPageSpec,
    edited: { headline: boolean; introduction: boolean },
    at: Date,
  ): Promise<StoredAlbumPage | null> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await lockedPage(trx, ownerId, albumId);
      if (row === null) return null;
      const spec = edit((row?.spec as AlbumPageSpec | null | undefined) ?? null);
      const changes = {
        spec: JSON.stringify(spec),
        source: row?.source ?? ('offline' as const),
        headline_edited: edited.headline || (row?.headline_edited ?? false),
        introduction_edited: edited.introduction || (row?.introduction_edited ?? false),
        updated_at: at,
      };
      const saved = await trx
        .insertInto('album_pages')
        .values({ album_id: albumId, owner_id: ownerId, designed_at: row?.designed_at ?? at, ...changes })
        .onConflict((conflict) => conflict.column('album_id').doUpdateSet(changes))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStoredPage(saved);
    });
  }

  requestDesign(
    ownerId: string,
    albumId: string,
    request: { requestId: string; at: Date; busySince: Date },
  ): Promise<{ job: PageJob; queued: boolean } | null> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await lockedPage(trx, ownerId, albumId);
      if (row === null) return null;
      const busy =
        row &&
        (row.status === 'queued' || row.status === 'designing') &&
        row.requested_at !== null &&
        row.requested_at >= request.busySince;
      if (busy) return { job: toJob(row), queued: false };
      const queued = {
        status: 'queued' as const,
        request_id: request.requestId,
        requested_at: request.at,
        attempts: 0,
        error: null,
        updated_at: request.at,
      };
      const saved = await trx
        .insertInto('album_pages')
        .values({ album_id: albumId, owner_id: ownerId, ...queued })
        .onConflict((conflict) => conflict.column('album_id').doUpdateSet(queued))
        .returningAll()
        .executeTakeFirstOrThrow();
      return { job: toJob(saved), queued: true };
    });
  }

  async claimDesign(
    albumId: string,
    requestId: string,
    maxAttempts: number,
    at: Date,
  ): Promise<ClaimPageOutcome> {
    const claimed = await this.#db
      .updateTable('album_pages')
      .set((eb) => ({ status: 'designing', attempts: eb('attempts', '+', 1), updated_at: at }))
      .where('album_id', '=', albumId)
      .where('request_id', '=', requestId)
      .where('status', 'in', ['queued', 'designing'])
      .returning(['owner_id', 'attempts'])
      .executeTakeFirst();
    if (!claimed) return { kind: 'stale' };
    if (claimed.attempts > maxAttempts) {
      await this.failDesign(albumId, requestId, `gave up after ${maxAttempts} attempts`, at);
      return { kind: 'exhausted' };
    }
    return { kind: 'claimed', ownerId: claimed.owner_id, attempt: claimed.attempts };
  }

  async storeDesign(albumId: string, requestId: string, design: DesignedPage, at: Date): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('album_pages')
        .selectAll()
        .where('album_id', '=', albumId)
        .where('request_id', '=', requestId)
        .where('status', 'in', ['queued', 'designing'])
        .forUpdate()
        .executeTakeFirst();
      if (!row) return false;
      // The owner's words stand: an edit made before or during the design is kept.
      const current = row.spec as AlbumPageSpec | null;
      const spec: AlbumPageSpec = {
        ...design.spec,
        ...(row.headline_edited && current ? { headline: current.headline } : {}),
        ...(row.introduction_edited && current ? { introduction: current.introduction } : {}),
      };
      await trx
        .updateTable('album_pages')
        .set({
          spec: JSON.stringify(spec),
          source: design.source,
          status: 'idle',
          error: design.error,
          model: design.model,
          usage: design.usage ? JSON.stringify(design.usage) : null,
          designed_at: at,
          updated_at: at,
        })
        .where('album_id', '=', albumId)
        .execute();
      return true;
    });
  }

  async failDesign(albumId: string, requestId: string, error: string, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('album_pages')
      .set({ status: 'failed', error, updated_at: at })
      .where('album_id', '=', albumId)
      .where('request_id', '=', requestId)
      .where('status', 'in', ['queued', 'designing'])
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

/**
 * The owner's live album's page row, locked for the transaction (undefined: no row yet), or null when
 * there is no such album. The album's row is locked first, so writers of one page queue up on it
 * even before its page row exists.
 */
async function lockedPage(
  trx: Transaction<Database>,
  ownerId: string,
  albumId: string,
): Promise<PageRow | undefined | null> {
  if (!(await ownsLiveAlbum(trx, ownerId, albumId, { lock: true }))) return null;
  return trx
    .selectFrom('album_pages')
    .selectAll()
    .where('album_id', '=', albumId)
    .forUpdate()
    .executeTakeFirst();
}

function toStoredPage(row: PageRow): StoredAlbumPage {
  const page =
    row.spec === null || row.source === null
      ? null
      : {
          albumId: row.album_id,
          spec: row.spec as AlbumPageSpec,
          source: row.source as AlbumPageSource,
          headlineEdited: row.headline_edited,
          introductionEdited: row.introduction_edited,
          updatedAt: row.updated_at,
        };
  return { page, job: toJob(row) };
}

function toJob(row: PageRow): PageJob {
  return {
    status: row.status,
    requestId: row.request_id,
    requestedAt: row.requested_at,
    designedAt: row.designed_at,
    attempts: row.attempts,
    error: row.error,
    model: row.model,
    usage: (row.usage as TokenUsage | null) ?? null,
  };
}
