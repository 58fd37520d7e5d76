/**
 * The model's answer is untrusted input. This module turns whatever came back into a valid plan:
 * unknown ids dropped, duplicates removed, empty albums dropped, text cleaned and bounded, the album
 * count capped, and every photo placed at least once (leftovers go to a clearly named album). An album
 * may join one of the owner's existing albums by its ref; an unknown ref makes it a new album, and
 * two albums joining the same one become one.
 */

export const ALBUM_TITLE_MAX = 80;
export const ALBUM_DESCRIPTION_MAX = 300;
export const MAX_ALBUMS_PER_JOB = 40;
export const LEFTOVER_ALBUM_TITLE = 'More moments';
export const LEFTOVER_ALBUM_DESCRIPTION = 'Photos the organizer did not place in a theme.';
const UNTITLED = 'Untitled album';

export interface PlannedAlbum {
  title: string;
  description: string;
  refs: string[];
  /** The ref of the existing album these photos join; absent for a new album. */
  joins?: string;
}

export interface RepairedPlan {
  albums: PlannedAlbum[];
  /** Human-readable notes on what had to be fixed; empty for a clean answer. */
  repairs: string[];
}

export class InvalidPlanError extends Error {}

/**
 * Validates and repairs an untrusted album plan against the photo refs that were sent and the refs of
 * the existing albums that were offered.
 */
export function repairAlbumPlan(
  raw: unknown,
  refs: readonly string[],
  existingRefs: readonly string[] = [],
): RepairedPlan {
  const rawAlbums = extractAlbums(raw);
  const known = new Set(refs);
  const existing = new Set(existingRefs);
  const repairs: string[] = [];
  const placed = new Set<string>();
  let albums: PlannedAlbum[] = [];

  for (const [index, candidate] of rawAlbums.entries()) {
    if (!isRecord(candidate)) {
      repairs.push(`album ${index} is not an object`);
      continue;
    }
    const ids = Array.isArray(candidate.photoIds) ? candidate.photoIds : [];
    const albumRefs: string[] = [];
    for (const id of ids) {
      if (typeof id !== 'string' || !known.has(id)) {
        repairs.push(`album ${index}: unknown photo id ${JSON.stringify(id)?.slice(0, 40)}`);
      } else if (albumRefs.includes(id)) {
        repairs.push(`album ${index}: duplicate photo id ${id}`);
      } else {
        albumRefs.push(id);
      }
    }
    if (albumRefs.length === 0) {
      repairs.push(`album ${index} is empty`);
      continue;
    }
    const joins = candidate.existingAlbumId;
    if (typeof joins === 'string' && joins !== '' && existing.has(joins)) {
      const same = albums.find((album) => album.joins === joins);
      if (same) {
        repairs.push(`album ${index}: joins ${joins} like an earlier album; merged into it`);
        same.refs.push(...albumRefs.filter((ref) => !same.refs.includes(ref)));
        continue;
      }
    } else if (joins !== undefined && joins !== null && joins !== '') {
      repairs.push(
        `album ${index}: unknown existing album ${JSON.stringify(joins)?.slice(0, 40)}; made a new album`,
      );
    }
    albums.push({
      title: cleanText(candidate.title, ALBUM_TITLE_MAX) || UNTITLED,
      description: cleanText(candidate.description, ALBUM_DESCRIPTION_MAX),
      refs: albumRefs,
      ...(typeof joins === 'string' && existing.has(joins) ? { joins } : {}),
    });
  }

  if (albums.length > MAX_ALBUMS_PER_JOB) {
    repairs.push(`${albums.length} albums capped to ${MAX_ALBUMS_PER_JOB}`);
    // Keep the biggest themes; a stable sort keeps the model's order among equals.
    albums = [...albums].sort((a, b) => b.refs.length - a.refs.length).slice(0, MAX_ALBUMS_PER_JOB);
  }
  for (const album of albums) for (const ref of album.refs) placed.add(ref);

  const leftovers = refs.filter((ref) => !placed.has(ref));
  if (leftovers.length > 0) {
    if (albums.length > 0) repairs.push(`${leftovers.length} photo(s) were not placed`);
    albums.push({ title: LEFTOVER_ALBUM_TITLE, description: LEFTOVER_ALBUM_DESCRIPTION, refs: leftovers });
  }
  return { albums, repairs };
}

function extractAlbums(raw: unknown): unknown[] {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new InvalidPlanError('the answer is not JSON', { cause: error });
    }
  }
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value.albums)) return value.albums;
  throw new InvalidPlanError('the answer has no "albums" array');
}

/** Collapses whitespace, removes control characters and bounds the length (on a code point). */
export function cleanText(value: unknown, maxLength: number): string {
  if (typeof value !== 'string') return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e]/g, ' ');
  const collapsed = cleaned.replace(/\s+/g, ' ').trim();
  const chars = Array.from(collapsed);
  if (chars.length <= maxLength) return collapsed;
  return `${chars
    .slice(0, maxLength - 1)
    .join('')
    .trimEnd()}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
