/**
 * An album's date span and its most common place, over its photos that are not in the Trash. They are
 * columns of the album's own query (correlated subqueries on album_images' primary key), so listing
 * the gallery stays a constant number of queries however many albums there are.
 */
import { type Expression, sql } from 'kysely';
import type { AlbumSpan } from '../../core/model.ts';
import { shownInAlbum } from './album-visibility.ts';

export function albumSpanColumns(albumId: Expression<string>, ownerId: string) {
  const photos = sql`from album_images ai join images i on i.id = ai.image_id
    where ai.album_id = ${albumId} and ${shownInAlbum(albumId, ownerId)}`;
  return [
    sql<Date | null>`(select min(i.taken_at) ${photos})`.as('taken_from'),
    sql<Date | null>`(select max(i.taken_at) ${photos})`.as('taken_to'),
    // The place most of its photos were taken at; a tie goes to the first in order, as mode() does.
    sql<string[] | null>`(select mode() within group (order by array[i.place_city, i.place_country])
      ${photos} and i.place_city is not null and i.place_country is not null)`.as('place'),
  ] as const;
}

export function toAlbumSpan(row: {
  taken_from: Date | null;
  taken_to: Date | null;
  place: string[] | null;
}): AlbumSpan {
  const [city, country] = row.place ?? [];
  return {
    takenFrom: row.taken_from,
    takenTo: row.taken_to,
    place: city && country ? { city, country } : null,
  };
}
