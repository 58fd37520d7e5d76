/**
 * Organizing by hand: a new album, merging albums, and adding, moving or removing many photos at
 * once. Each is one transaction in the repository; the limits are the API's, explained in words.
 */
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { AlbumRepository, IdGenerator, PhotosProblem, PhotoUrlSigner } from '../ports.ts';
import { MAX_BULK_PHOTOS } from '../upload-policy.ts';
import { normalizeChanges, signedAlbum } from './edit-albums.ts';
import type { SignedGalleryAlbum } from './get-gallery.ts';

/** Albums one merge may fold into its target. */
export const MAX_MERGE_ALBUMS = 50;

interface Deps {
  albums: AlbumRepository;
  urls: PhotoUrlSigner;
}

/** Makes an album (empty, or of the given photos in that order) and returns it. */
export async function createAlbum(
  deps: Deps & { ids: IdGenerator },
  ownerId: string,
  input: { title: string; themeDescription?: string; imageIds?: readonly string[] },
): Promise<SignedGalleryAlbum> {
  const text = normalizeChanges({ title: input.title, themeDescription: input.themeDescription ?? '' });
  const imageIds = photoIds(input.imageIds ?? [], { allowNone: true });
  const created = await deps.albums.create(ownerId, {
    id: deps.ids.uuid(),
    title: text.title ?? '',
    themeDescription: text.themeDescription ?? '',
    imageIds,
  });
  if (created.outcome !== 'created') throw photosError(created);
  return signedAlbum(deps, ownerId, created.albumId);
}

/**
 * Puts photos at the end of an album (those already there stay where they are); with `fromAlbumId`,
 * moves them: out of that album in the same transaction. A retried request changes nothing more.
 */
export async function addPhotosToAlbum(
  deps: Deps,
  ownerId: string,
  move: { albumId: string; imageIds: readonly string[]; fromAlbumId: string | null },
): Promise<SignedGalleryAlbum> {
  const imageIds = photoIds(move.imageIds);
  // Moving photos out of an album only to put them back would record that the user took them out.
  const fromAlbumId = move.fromAlbumId === move.albumId ? null : move.fromAlbumId;
  const outcome = await deps.albums.addPhotos(ownerId, { albumId: move.albumId, imageIds, fromAlbumId });
  switch (outcome.outcome) {
    case 'added':
      return signedAlbum(deps, ownerId, move.albumId);
    case 'album_not_found':
      throw new NotFoundError('album');
    case 'source_album_not_found':
      throw new NotFoundError('album', { field: 'fromAlbumId' });
    default:
      throw photosError(outcome);
  }
}

/** Takes photos out of an album (they stay in the library); ids not in it are skipped. */
export async function removePhotosFromAlbum(
  deps: Deps,
  ownerId: string,
  albumId: string,
  imageIds: readonly string[],
): Promise<SignedGalleryAlbum> {
  const outcome = await deps.albums.removePhotos(ownerId, albumId, photoIds(imageIds));
  if (outcome.outcome === 'album_not_found') throw new NotFoundError('album');
  return signedAlbum(deps, ownerId, albumId);
}

/** Folds the `sourceIds` albums into `albumId` (their photos appended, the sources deleted). */
export async function mergeAlbums(
  deps: Deps,
  ownerId: string,
  albumId: string,
  sourceIds: readonly string[],
): Promise<SignedGalleryAlbum> {
  const sources = [...new Set(sourceIds)];
  if (sources.length === 0 || sources.length > MAX_MERGE_ALBUMS) {
    throw new ValidationError(`albumIds must name 1 to ${MAX_MERGE_ALBUMS} albums to merge at once`, {
      field: 'albumIds',
      limit: MAX_MERGE_ALBUMS,
    });
  }
  if (sources.includes(albumId)) {
    throw new ValidationError('albumIds must not name the album they are merged into', { field: 'albumIds' });
  }
  const outcome = await deps.albums.merge(ownerId, albumId, sources);
  if (outcome.outcome === 'album_not_found') throw new NotFoundError('album');
  if (outcome.outcome === 'source_albums_not_found') {
    throw new NotFoundError(`${countOf(outcome.albumIds.length, 'album')} to merge`, {
      field: 'albumIds',
      albumIds: outcome.albumIds,
    });
  }
  if (outcome.outcome === 'source_albums_shared') {
    throw new ConflictError(
      'album_shared',
      `${countOf(outcome.albumIds.length, 'album')} to merge ${outcome.albumIds.length === 1 ? 'is' : 'are'} shared with members: merging would drop them and their photos; remove the members first`,
      { field: 'albumIds', albumIds: outcome.albumIds },
    );
  }
  return signedAlbum(deps, ownerId, albumId);
}

/** The ids once each, in the order first given, within the per-request limit (said in words). */
export function photoIds(ids: readonly string[], options: { allowNone?: boolean } = {}): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0 && !options.allowNone) {
    throw new ValidationError('imageIds must name at least one photo', { field: 'imageIds' });
  }
  if (unique.length > MAX_BULK_PHOTOS) {
    throw new ValidationError(
      `imageIds names ${unique.length} photos; one request takes at most ${MAX_BULK_PHOTOS}: send the rest in another request`,
      { field: 'imageIds', limit: MAX_BULK_PHOTOS },
    );
  }
  return unique;
}

export function photosError(problem: PhotosProblem): Error {
  const details = { field: 'imageIds', imageIds: problem.imageIds };
  const photos = countOf(problem.imageIds.length, 'photo');
  const are = problem.imageIds.length === 1 ? 'is' : 'are';
  switch (problem.outcome) {
    case 'photos_not_found':
      return new NotFoundError(photos, details);
    case 'photos_in_trash':
      return new ConflictError(
        'image_in_trash',
        `${photos} of imageIds ${are} in the Trash: restore ${problem.imageIds.length === 1 ? 'it' : 'them'} first`,
        details,
      );
    case 'photos_not_ready':
      return new ValidationError(
        `${photos} of imageIds never finished uploading or could not be read: only photos in your library can go into an album`,
        details,
        'image_not_ready',
      );
  }
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
