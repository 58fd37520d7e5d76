/** The photo library: every ready photo of the user that is not in the Trash, in albums or not. */

import { ValidationError } from '../errors.ts';
import { parseId } from '../ids.ts';
import type { LibraryPhoto } from '../model.ts';
import type { AlbumRepository, LibraryPosition, PhotoUrlSigner } from '../ports.ts';
import { type SignedPhotoUrls, signPhoto } from './get-gallery.ts';

export const DEFAULT_LIBRARY_PAGE = 200;
export const MAX_LIBRARY_PAGE = 1000;

export interface SignedLibraryPhoto
  extends Omit<LibraryPhoto, 'previewKey' | 'thumbnailKey'>,
    SignedPhotoUrls {}

/** One page of the library, newest first, with signed URLs and an opaque cursor for the next page. */
export async function listLibrary(
  deps: { albums: AlbumRepository; urls: PhotoUrlSigner },
  ownerId: string,
  page: { limit: number; cursor: string | null },
): Promise<{ photos: SignedLibraryPhoto[]; nextCursor: string | null }> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LIBRARY_PAGE) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIBRARY_PAGE}`, { field: 'limit' });
  }
  const after = page.cursor === null ? null : decodeLibraryCursor(page.cursor);
  const { photos, next } = await deps.albums.listLibrary(ownerId, { limit: page.limit, after });
  return {
    photos: await Promise.all(
      photos.map(async ({ previewKey: preview, thumbnailKey: thumbnail, ...photo }) => ({
        ...photo,
        ...(await signPhoto(deps.urls, {
          storageKey: photo.storageKey,
          previewKey: preview,
          thumbnailKey: thumbnail,
        })),
      })),
    ),
    nextCursor: next ? encodeLibraryCursor(next) : null,
  };
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeLibraryCursor(position: LibraryPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
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
  const [createdAt = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // Ids are written lower-case, as parseId stores them; the time must be a real instant (month 13 or
  // 30 February would otherwise reach PostgreSQL's cast and fail there as a 500).
  if (rest.length > 0 || !CURSOR_TIME.test(createdAt) || !isRealInstant(createdAt) || parseId(id) !== id) {
    throw new ValidationError('cursor is not one this API returned', { field: 'cursor' }, 'invalid_cursor');
  }
  return { createdAt, id };
}
