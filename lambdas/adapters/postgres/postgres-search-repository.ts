/**
 * Search on PostgreSQL full text (migration 2026-12-02-015): each photo's generated `search_document`
 * (caption, tags, town, country, camera, file name) and each album's (title, description), both in the
 * language-neutral 'simple' configuration, folded for case and accents by `search_text`, behind GIN
 * indexes. A word matches a photo when it matches the photo's document or the document of one of the
 * owner's albums (not deleted) holding it; every word must match. Two statements per page with words
 * (the albums' part, then the page), one without.
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { LibraryPosition, PhotoSearch, SearchPage, SearchRepository } from '../../core/ports.ts';
import type { SearchFilterChoices } from '../../core/search.ts';
import { readTimelinePage, timelineColumns } from './library-timeline.ts';
import { photoColumns, toListedPhoto } from './row-mappers.ts';
import type { Database } from './schema.ts';

const DAY_MS = 86_400_000;

export class PostgresSearchRepository implements SearchRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async search(
    ownerId: string,
    search: PhotoSearch,
    page: { limit: number; after: LibraryPosition | null },
  ): Promise<SearchPage> {
    const db = this.#db;
    /** The owner's albums, not deleted, holding the photo `i`. */
    const liveAlbumsOf = (imageId: Expression<string>) =>
      db
        .selectFrom('album_images as ai')
        .innerJoin('albums as a', 'a.id', 'ai.album_id')
        .where('ai.image_id', '=', imageId)
        .where('a.owner_id', '=', ownerId)
        .where('a.deleted_at', 'is', null);

    let query = db
      .selectFrom('images as i')
      .select([...photoColumns, 'i.created_at', ...timelineColumns(ownerId)])
      .where('i.owner_id', '=', ownerId)
      .where('i.status', '=', 'ready')
      .where('i.trashed_at', 'is', null);

    // Each word is in the photo's own document, or in one of the owner's live albums holding it. The
    // photos the albums lend each word are read first, in one small statement (albums are few), and
    // handed to the page's statement as a constant array: the planner then knows how many there are
    // and probes them by hash, so it can either walk the timeline index testing each photo (a common
    // word: it stops after a page) or OR two bitmaps — images_search_idx and the primary key — and sort
    // the few matches (a rare word). Inside one statement the array was an opaque sub-select: the
    // planner guessed a handful of photos and compared every photo with all of them (250 ms at 10,000).
    const lent = await this.#photosInAlbumsMatching(ownerId, search.words);
    for (const [index, word] of search.words.entries()) {
      const tsquery = sql`public.search_word_query(${word})`;
      query = query.where(
        sql<SqlBool>`(i.search_document @@ ${tsquery} or i.id = any(${lent[index] ?? []}::uuid[]))`,
      );
    }
    if (search.takenFrom !== null) {
      query = query.where('i.taken_at', '>=', new Date(`${search.takenFrom}T00:00:00.000Z`));
    }
    if (search.takenTo !== null) {
      // Through the end of that day: before the next one starts.
      query = query.where(
        'i.taken_at',
        '<',
        new Date(Date.parse(`${search.takenTo}T00:00:00.000Z`) + DAY_MS),
      );
    }
    if (search.country !== null) query = query.where('i.place_country', '=', search.country);
    if (search.town !== null) query = query.where('i.place_city', '=', search.town);
    if (search.cameraMake !== null) query = query.where('i.camera_make', '=', search.cameraMake);
    if (search.cameraModel !== null) query = query.where('i.camera_model', '=', search.cameraModel);
    if (search.personId !== null) {
      // Someone else's person (or a made-up id) finds nothing, as a person with no photos does.
      const personId = search.personId;
      query = query.where('i.id', 'in', (eb) =>
        eb
          .selectFrom('faces as f')
          .select('f.image_id')
          .where('f.person_id', '=', personId)
          .where('f.owner_id', '=', ownerId),
      );
    }
    if (search.album === 'none') {
      query = query.where(({ not, exists }) =>
        not(exists(liveAlbumsOf(sql.ref('i.id')).select(sql`1`.as('one')))),
      );
    } else if (search.album !== null) {
      const albumId = search.album;
      query = query.where(({ exists }) =>
        exists(liveAlbumsOf(sql.ref('i.id')).select(sql`1`.as('one')).where('ai.album_id', '=', albumId)),
      );
    }
    const { rows, next } = await readTimelinePage(query, page);
    return {
      photos: rows.map((row) => ({
        ...toListedPhoto(row),
        createdAt: row.created_at,
        albumIds: row.album_ids,
      })),
      next,
    };
  }

  /**
   * For each word (by its index), the photos in the owner's albums (not deleted) whose title or
   * description holds it. No statement at all without words.
   */
  async #photosInAlbumsMatching(ownerId: string, words: readonly string[]): Promise<string[][]> {
    if (words.length === 0) return [];
    // Each word's query made once (materialized), not once per album the join visits.
    const { rows } = await sql<{ n: string; image_ids: string[] }>`
      with w as materialized (
        select t.n, public.search_word_query(t.word) as query
        from unnest(${[...words]}::text[]) with ordinality as t(word, n)
      )
      select w.n::text as n, array_agg(distinct ai.image_id) as image_ids
      from w
      join albums a on a.owner_id = ${ownerId} and a.deleted_at is null and a.search_document @@ w.query
      join album_images ai on ai.album_id = a.id
      -- Only photos the page could show: the owner's, ready, out of the Trash (a member's photo in the
      -- album, or a trashed one, would only make the array longer).
      join images li on li.id = ai.image_id and li.owner_id = ${ownerId}
        and li.status = 'ready' and li.trashed_at is null
      group by w.n
    `.execute(this.#db);
    const lent = words.map((): string[] => []);
    for (const row of rows) lent[Number(row.n) - 1] = row.image_ids;
    return lent;
  }

  async filterChoices(ownerId: string): Promise<SearchFilterChoices> {
    const library = this.#db
      .selectFrom('images as i')
      .where('i.owner_id', '=', ownerId)
      .where('i.status', '=', 'ready')
      .where('i.trashed_at', 'is', null);
    const [places, cameras, people, span] = await Promise.all([
      library
        .select([
          'i.place_country as country',
          'i.place_city as town',
          // The mean of the town's photos, kept at the ~100 m the locations are rounded to.
          sql<string | null>`round(avg(i.latitude)::numeric, 3)`.as('latitude'),
          sql<string | null>`round(avg(i.longitude)::numeric, 3)`.as('longitude'),
          sql<string>`count(*)`.as('count'),
        ])
        .where('i.place_city', 'is not', null)
        .where('i.place_country', 'is not', null)
        // Every town, located or not: photos read before locations were kept (migration 014) have a
        // town but no location — they are in the place filter, and off the map until one is located.
        .groupBy(['i.place_country', 'i.place_city'])
        .orderBy(sql`count(*)`, 'desc')
        .orderBy('i.place_country')
        .orderBy('i.place_city')
        .execute(),
      library
        .select(['i.camera_make as make', 'i.camera_model as model', sql<string>`count(*)`.as('count')])
        .where('i.camera_make', 'is not', null)
        .groupBy(['i.camera_make', 'i.camera_model'])
        .orderBy(sql`count(*)`, 'desc')
        .orderBy('i.camera_make')
        .orderBy('i.camera_model')
        .execute(),
      this.#db
        .selectFrom('people as p')
        .innerJoin('faces as f', 'f.person_id', 'p.id')
        .innerJoin('images as i', 'i.id', 'f.image_id')
        .select(['p.id', 'p.name', sql<string>`count(distinct i.id)`.as('count')])
        .where('p.owner_id', '=', ownerId)
        .where('p.hidden', '=', false)
        .where('i.owner_id', '=', ownerId)
        .where('i.status', '=', 'ready')
        .where('i.trashed_at', 'is', null)
        .groupBy(['p.id', 'p.name'])
        .orderBy(sql`count(distinct i.id)`, 'desc')
        .orderBy('p.name')
        .orderBy('p.id')
        .execute(),
      library
        .select([
          sql<string | null>`to_char(min(i.taken_at) at time zone 'UTC', 'YYYY-MM-DD')`.as('from'),
          sql<string | null>`to_char(max(i.taken_at) at time zone 'UTC', 'YYYY-MM-DD')`.as('to'),
        ])
        .executeTakeFirstOrThrow(),
    ]);
    return {
      places: places.map((row) => ({
        country: row.country as string,
        town: row.town as string,
        latitude: row.latitude === null ? null : Number(row.latitude),
        longitude: row.longitude === null ? null : Number(row.longitude),
        count: Number(row.count),
      })),
      cameras: cameras.map((row) => ({
        make: row.make as string,
        model: row.model,
        count: Number(row.count),
      })),
      people: people.map((row) => ({ personId: row.id, name: row.name, count: Number(row.count) })),
      takenFrom: span.from,
      takenTo: span.to,
    };
  }
}
