/**
 * The photo library: every ready photo of the user that is not in the Trash, in albums or not, as a
 * timeline (newest taken first), with the months it spans for the web app's date scrubber.
 */

import { ValidationError } from '../errors.ts';
import { parseId } from '../ids.ts';
import type { LibraryPhoto } from '../model.ts';
import type { AlbumRepository, LibraryMonth, LibraryPosition, PhotoUrlSigner } from '../ports.ts';
import { type Stack, stackSimilar } from '../similar-photos.ts';
import { likenessOf, type SignedPhotoUrls, signPhoto } from './get-gallery.ts';

export const DEFAULT_LIBRARY_PAGE = 200;
export const MAX_LIBRARY_PAGE = 1000;

export interface SignedLibraryPhoto
  extends Omit<LibraryPhoto, 'previewKey' | 'thumbnailKey' | 'likeness'>,
    SignedPhotoUrls {}

/** A month of the timeline: '2026-05'. Years 1000–9999, as PostgreSQL and ISO 8601 both write them. */
const MONTH = /^([1-9]\d{3})-(0[1-9]|1[0-2])$/;

/**
 * Where a page that starts at the end of `month` ('2026-05') begins: before the first instant of the
 * month after (the lowest id, so nothing at that instant is included). null past the calendar's end.
 */
export function startOfMonthAfter(month: string): LibraryPosition | null {
  const match = MONTH.exec(month);
  if (!match) throw new ValidationError('before must be a month, e.g. 2026-05', { field: 'before' });
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
  if (next.getUTCFullYear() > 9999) return null;
  return { at: `${next.toISOString().slice(0, 19)}.000000Z`, id: '00000000-0000-0000-0000-000000000000' };
}

/**
 * One page of the library, newest first, with signed URLs and an opaque cursor for the next page;
 * `before` ('2026-05') starts at the newest photo of that month or older (a jump of the scrubber).
 * `months` lists the whole timeline on a page asked for without a cursor (the first page or a jump):
 * counting every month of a large library is the page's dearest query, and the pages after the first
 * do not change it. `stacks` names the page's near duplicates (best photo first, all still listed), as
 * an album's are.
 */
export async function listLibrary(
  deps: { albums: AlbumRepository; urls: PhotoUrlSigner },
  ownerId: string,
  page: { limit: number; cursor: string | null; before?: string | null },
): Promise<{
  photos: SignedLibraryPhoto[];
  nextCursor: string | null;
  months?: LibraryMonth[];
  stacks: Stack[];
}> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LIBRARY_PAGE) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIBRARY_PAGE}`, { field: 'limit' });
  }
  if (page.cursor !== null && page.before) {
    throw new ValidationError('send either cursor or before, not both', { field: 'before' });
  }
  const after =
    page.cursor !== null
      ? decodeLibraryCursor(page.cursor)
      : page.before
        ? startOfMonthAfter(page.before)
        : null;
  const [{ photos, next }, months] = await Promise.all([
    deps.albums.listLibrary(ownerId, { limit: page.limit, after }),
    page.cursor === null ? deps.albums.libraryMonths(ownerId) : undefined,
  ]);
  return {
    ...(months ? { months } : {}),
    stacks: stackSimilar(photos.map(likenessOf)),
    photos: await signLibraryPhotos(deps.urls, photos),
    nextCursor: next ? encodeLibraryCursor(next) : null,
  };
}

/** Library photos as clients get them: signed URLs in place of storage keys (search answers the same). */
export function signLibraryPhotos(
  urls: PhotoUrlSigner,
  photos: readonly (Omit<LibraryPhoto, 'likeness'> & { likeness?: unknown })[],
): Promise<SignedLibraryPhoto[]> {
  return Promise.all(
    // The likeness is for stacking, never sent.
    photos.map(async ({ previewKey, thumbnailKey, likeness: _, ...photo }) => ({
      ...photo,
      ...(await signPhoto(urls, { storageKey: photo.storageKey, previewKey, thumbnailKey })),
    })),
  );
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeLibraryCursor(position: LibraryPosition): string {
  return Buffer.from(`${position.at}|${position.id}`, 'utf8').toString('base64url');
}

/**
 * True when the ISO instant exists in PostgreSQL's calendar: Date silently rolls 30 February over, and
 * accepts a year 0 that PostgreSQL (which has no year 0) refuses.
 */
function isRealInstant(iso: string): boolean {
  const parsed = new Date(`${iso.slice(0, 23)}Z`);
  return (
    !iso.startsWith('0000') &&
    !Number.isNaN(parsed.getTime()) &&
    parsed.toISOString().slice(0, 19) === iso.slice(0, 19)
  );
}

/** The cursor is opaque to clients; anything this function did not produce is a 400. */
export function decodeLibraryCursor(cursor: string): LibraryPosition {
  const [at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // Ids are written lower-case, as parseId stores them; the time must be a real instant (month 13 or
  // 30 February would otherwise reach PostgreSQL's cast and fail there as a 500).
  if (rest.length > 0 || !CURSOR_TIME.test(at) || !isRealInstant(at) || parseId(id) !== id) {
    throw new ValidationError('cursor is not one this API returned', { field: 'cursor' }, 'invalid_cursor');
  }
  return { at, id };
}
