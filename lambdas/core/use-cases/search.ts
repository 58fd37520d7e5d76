/**
 * Finding photos (issue 18): the caller's ready photos out of the Trash that match every word and every
 * filter, newest taken first like the library (and paged with the same opaque cursor), each shaped like
 * a library photo so the web grid and its selection take them as they are.
 */

import { ValidationError } from '../errors.ts';
import type { PhotoUrlSigner, SearchRepository } from '../ports.ts';
import {
  MAX_SEARCH_TEXT,
  MAX_SEARCH_WORDS,
  type SearchFilterChoices,
  type SearchFilters,
  searchWords,
} from '../search.ts';
import {
  decodeLibraryCursor,
  encodeLibraryCursor,
  MAX_LIBRARY_PAGE,
  type SignedLibraryPhoto,
  signLibraryPhotos,
} from './library.ts';

export const DEFAULT_SEARCH_PAGE = 100;
export const MAX_SEARCH_PAGE = MAX_LIBRARY_PAGE;

/** A day as the API writes it ('2026-05-01'); years 1000–9999, as PostgreSQL and ISO 8601 both write them. */
const DAY = /^([1-9]\d{3})-(\d{2})-(\d{2})$/;

/** The first instant of the day, or a 400 naming `field` when it is not a real day (30 February). */
function startOfDay(day: string, field: string): Date {
  const match = DAY.exec(day);
  const start = new Date(`${day}T00:00:00.000Z`);
  if (!match || Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== day) {
    throw new ValidationError(`${field} must be a day, e.g. 2026-05-01`, { field });
  }
  return start;
}

/**
 * One page of the caller's photos matching `filters` (words over captions, tags, places, cameras, file
 * names and the titles and descriptions of the caller's albums holding them; every filter too), with
 * signed URLs and an opaque cursor for the next page. One repository call: a constant number of queries.
 */
export async function searchPhotos(
  deps: { search: SearchRepository; urls: PhotoUrlSigner },
  ownerId: string,
  filters: SearchFilters,
  page: { limit: number; cursor: string | null },
): Promise<{ photos: SignedLibraryPhoto[]; nextCursor: string | null }> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_SEARCH_PAGE) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_SEARCH_PAGE}`, { field: 'limit' });
  }
  const { text, ...rest } = filters;
  if (text !== null && text.length > MAX_SEARCH_TEXT) {
    throw new ValidationError(`q must be at most ${MAX_SEARCH_TEXT} characters`, { field: 'q' });
  }
  const words = text === null ? [] : searchWords(text);
  if (words.length > MAX_SEARCH_WORDS) {
    throw new ValidationError(`q must have at most ${MAX_SEARCH_WORDS} words`, { field: 'q' });
  }
  const from = filters.takenFrom === null ? null : startOfDay(filters.takenFrom, 'from');
  const to = filters.takenTo === null ? null : startOfDay(filters.takenTo, 'to');
  if (from && to && from > to) {
    throw new ValidationError('from must be on or before to', { field: 'from' });
  }
  const after = page.cursor === null ? null : decodeLibraryCursor(page.cursor);
  // Text that holds no word at all (only punctuation) matches nothing, rather than everything.
  if (text !== null && text.trim() !== '' && words.length === 0) return { photos: [], nextCursor: null };

  const { photos, next } = await deps.search.search(
    ownerId,
    { ...rest, words },
    { limit: page.limit, after },
  );
  return {
    photos: await signLibraryPhotos(deps.urls, photos),
    nextCursor: next ? encodeLibraryCursor(next) : null,
  };
}

/** What the caller's library holds to filter by (filter chips, the map). */
export function searchFilterChoices(
  deps: { search: SearchRepository },
  ownerId: string,
): Promise<SearchFilterChoices> {
  return deps.search.filterChoices(ownerId);
}
