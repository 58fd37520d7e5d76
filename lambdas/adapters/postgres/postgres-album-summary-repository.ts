import { type Kysely, sql } from 'kysely';
import type { Place } from '../../core/model.ts';
import type { AlbumSummary, AlbumSummaryRepository } from '../../core/ports.ts';
import type { Database } from './schema.ts';

/** How many towns an album's summary names at most. */
const PLACES_PER_ALBUM = 3;

/** The owner's albums as organizing weighs them, in two queries whatever their number. */
export class PostgresAlbumSummaryRepository implements AlbumSummaryRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async listForOrganizing(ownerId: string): Promise<AlbumSummary[]> {
    // Photos in the Trash do not count: an album's span, places and cover are what the user sees.
    const { rows } = await sql<{
      id: string;
      title: string;
      theme_description: string;
      origin: 'organizer' | 'user';
      updated_at: Date;
      first_taken: Date | null;
      last_taken: Date | null;
      photo_count: number;
      cover_model_key: string | null;
    }>`
      select a.id, a.title, a.theme_description, a.origin, a.updated_at,
        min(i.taken_at) as first_taken, max(i.taken_at) as last_taken, count(i.id)::int as photo_count,
        (select c.model_key from album_images ca join images c on c.id = ca.image_id
          where ca.album_id = a.id and c.trashed_at is null and c.model_key is not null
          order by (c.id = a.cover_image_id) desc, ca.display_order limit 1) as cover_model_key
      from albums a
      left join album_images ai on ai.album_id = a.id
      left join images i on i.id = ai.image_id and i.owner_id = a.owner_id and i.trashed_at is null
      where a.owner_id = ${ownerId} and a.deleted_at is null
      group by a.id
    `.execute(this.#db);
    if (rows.length === 0) return [];

    const { rows: placeRows } = await sql<{
      album_id: string;
      city: string;
      country: string;
      photos: number;
    }>`
      select ai.album_id, i.place_city as city, i.place_country as country, count(*)::int as photos
      from album_images ai
      join albums a on a.id = ai.album_id
      join images i on i.id = ai.image_id
      where a.owner_id = ${ownerId} and a.deleted_at is null and i.trashed_at is null
        and i.place_city is not null and i.place_country is not null
      group by ai.album_id, i.place_city, i.place_country
      order by ai.album_id, photos desc, city
    `.execute(this.#db);
    const places = new Map<string, Place[]>();
    for (const row of placeRows) {
      const list = places.get(row.album_id) ?? [];
      if (list.length < PLACES_PER_ALBUM) list.push({ city: row.city, country: row.country });
      places.set(row.album_id, list);
    }

    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.theme_description,
      from: row.first_taken,
      until: row.last_taken,
      places: places.get(row.id) ?? [],
      photoCount: row.photo_count,
      madeByUser: row.origin === 'user',
      coverModelKey: row.cover_model_key,
      updatedAt: row.updated_at,
    }));
  }

  async exclusions(ownerId: string, imageIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const excluded = new Map<string, Set<string>>();
    if (imageIds.length === 0) return excluded;
    const rows = await this.#db
      .selectFrom('album_exclusions as e')
      .innerJoin('albums as a', 'a.id', 'e.album_id')
      .select(['e.image_id', 'e.album_id'])
      .where('a.owner_id', '=', ownerId)
      .where('e.image_id', '=', sql<string>`any(${[...imageIds]}::uuid[])`)
      .execute();
    for (const row of rows) {
      const albums = excluded.get(row.image_id) ?? new Set<string>();
      albums.add(row.album_id);
      excluded.set(row.image_id, albums);
    }
    return excluded;
  }
}
