/**
 * Finding photos (issue 18): words over what each photo is about and where it sits (caption, tags,
 * album titles and descriptions, place, file name), combined with filters. Owner-only: a search sees
 * the caller's own photos that are ready and not in the Trash, nothing else.
 */

/** What GET /api/search accepts, once validated. Every field is optional; none means the whole library. */
export interface SearchFilters {
  /** Free words; every word must match (accent- and case-insensitive). */
  text: string | null;
  /** Taken on or after / on or before these days (YYYY-MM-DD, inclusive). */
  takenFrom: string | null;
  takenTo: string | null;
  /** Place as stored (Place.country is the English country name, Place.city the town). */
  country: string | null;
  town: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** One of the caller's people (people.id). */
  personId: string | null;
  /** In this album of the caller, or 'none': in no album. */
  album: string | 'none' | null;
}

/** The filter values a person can pick from, with how many photos each has (GET /api/search/filters). */
export interface SearchFilterChoices {
  /** The mean location of the town's located photos; null when none is located (read before locations were kept). */
  places: {
    country: string;
    town: string;
    latitude: number | null;
    longitude: number | null;
    count: number;
  }[];
  cameras: { make: string; model: string | null; count: number }[];
  /** People not hidden, named or not. */
  people: { personId: string; name: string | null; count: number }[];
  /** Earliest and latest day a photo was taken (YYYY-MM-DD); null when no photo has a date. */
  takenFrom: string | null;
  takenTo: string | null;
}

/** The longest `q` a search takes, in characters. */
export const MAX_SEARCH_TEXT = 200;
/** The most words a search matches at once; more is a 400 (each word is one more index lookup). */
export const MAX_SEARCH_WORDS = 12;

/**
 * The words of a query as a person typed it: runs of letters, digits and combining marks (NFC), so
 * punctuation, quotes and full-text operators (`&`, `|`, `!`, `:*`, `<->`) only ever separate words.
 * The database folds case and accents the same way for the query and the documents.
 */
export function searchWords(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}
