/** The user's corrections to what the organizer made: rename, describe, pick a cover, move photos. */
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { AlbumChanges, AlbumRepository, Clock, PhotoUrlSigner } from '../ports.ts';
import { purgeDate } from '../trash.ts';
import { type SignedGalleryAlbum, signAlbum } from './get-gallery.ts';

export const MAX_ALBUM_TITLE_LENGTH = 80;
export const MAX_ALBUM_DESCRIPTION_LENGTH = 300;

interface Deps {
  albums: AlbumRepository;
  urls: PhotoUrlSigner;
}

/** Applies the changes and returns the album as it now is, with signed URLs. */
export async function updateAlbum(
  deps: Deps,
  ownerId: string,
  albumId: string,
  changes: AlbumChanges,
): Promise<SignedGalleryAlbum> {
  const normalized = normalizeChanges(changes);
  const outcome = await deps.albums.update(ownerId, albumId, normalized);
  if (outcome === 'album_not_found') throw new NotFoundError('album');
  if (outcome === 'cover_not_in_album') {
    throw new ValidationError(
      'coverImageId must be a photo in this album',
      { field: 'coverImageId' },
      'cover_not_in_album',
    );
  }
  return signedAlbum(deps, ownerId, albumId);
}

/**
 * Deletes the album: hidden everywhere until restored (for TRASH_DAYS, then the daily clean-up forgets
 * it); its photos stay in the library.
 */
export async function deleteAlbum(
  deps: Pick<Deps, 'albums'> & { clock: Clock },
  ownerId: string,
  albumId: string,
): Promise<{ deletedAt: Date; restorableUntil: Date }> {
  const at = deps.clock.now();
  if (!(await deps.albums.delete(ownerId, albumId, at))) throw new NotFoundError('album');
  return { deletedAt: at, restorableUntil: purgeDate(at) };
}

/** Brings a deleted album back with its photos, in their order. */
export async function restoreAlbum(
  deps: Deps,
  ownerId: string,
  albumId: string,
): Promise<SignedGalleryAlbum> {
  if (!(await deps.albums.restore(ownerId, albumId))) throw new NotFoundError('album');
  return signedAlbum(deps, ownerId, albumId);
}

/**
 * Puts a photo at the end of an album, taking it out of `fromAlbumId` in the same transaction.
 * A photo that is no longer in the source is simply added, so a retried move is harmless.
 */
export async function addPhotoToAlbum(
  deps: Deps,
  ownerId: string,
  move: { albumId: string; imageId: string; fromAlbumId: string | null },
): Promise<SignedGalleryAlbum> {
  // Taking a photo out of an album only to put it back would cost the album its cover.
  const fromAlbumId = move.fromAlbumId === move.albumId ? null : move.fromAlbumId;
  const outcome = await deps.albums.addPhoto(ownerId, { ...move, fromAlbumId });
  switch (outcome) {
    case 'album_not_found':
      throw new NotFoundError('album');
    case 'source_album_not_found':
      throw new NotFoundError('album', { field: 'fromAlbumId' });
    case 'photo_not_found':
      throw new NotFoundError('image', { field: 'imageId' });
    case 'photo_not_ready':
      throw new ValidationError(
        'imageId names a photo that was not uploaded or could not be read',
        { field: 'imageId' },
        'image_not_ready',
      );
    case 'photo_in_trash':
      throw new ConflictError('image_in_trash', 'the photo is in the Trash; restore it first', {
        field: 'imageId',
      });
  }
  return signedAlbum(deps, ownerId, move.albumId);
}

/** Takes a photo out of an album; the photo stays in the library. */
export async function removePhotoFromAlbum(
  deps: Pick<Deps, 'albums'>,
  ownerId: string,
  albumId: string,
  imageId: string,
): Promise<void> {
  const outcome = await deps.albums.removePhoto(ownerId, albumId, imageId);
  if (outcome === 'album_not_found') throw new NotFoundError('album');
  if (outcome === 'photo_not_in_album') throw new NotFoundError('image');
}

/** Trims and checks what the user wrote; throws a ValidationError naming the field. */
export function normalizeChanges(changes: AlbumChanges): AlbumChanges {
  const normalized: AlbumChanges = {};
  if (changes.title !== undefined) {
    const title = changes.title.trim();
    if (title.length === 0 || title.length > MAX_ALBUM_TITLE_LENGTH) {
      throw new ValidationError(`title must be 1 to ${MAX_ALBUM_TITLE_LENGTH} characters`, {
        field: 'title',
      });
    }
    normalized.title = title;
  }
  if (changes.themeDescription !== undefined) {
    const description = changes.themeDescription.trim();
    if (description.length > MAX_ALBUM_DESCRIPTION_LENGTH) {
      throw new ValidationError(
        `themeDescription must be at most ${MAX_ALBUM_DESCRIPTION_LENGTH} characters`,
        {
          field: 'themeDescription',
        },
      );
    }
    normalized.themeDescription = description;
  }
  if (changes.coverImageId !== undefined) normalized.coverImageId = changes.coverImageId;
  if (Object.keys(normalized).length === 0) {
    throw new ValidationError('give at least one of title, themeDescription, coverImageId');
  }
  return normalized;
}

/** The album as it now is, with signed URLs (404 when it went meanwhile). */
export async function signedAlbum(deps: Deps, ownerId: string, albumId: string): Promise<SignedGalleryAlbum> {
  const album = await deps.albums.findOwned(ownerId, albumId);
  // Deleted by a concurrent request between the change and this read.
  if (!album) throw new NotFoundError('album');
  return signAlbum(deps.urls, album);
}
