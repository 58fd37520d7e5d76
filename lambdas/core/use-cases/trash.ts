/**
 * The Trash: deleting photos moves them here (hidden everywhere, restorable for TRASH_DAYS); emptying
 * it, or the daily clean-up after TRASH_DAYS, deletes them for good with their files.
 */
import { AppError, ValidationError } from '../errors.ts';
import type { TrashedPhoto } from '../model.ts';
import type {
  Clock,
  Logger,
  PhotoStorage,
  PhotoUrlSigner,
  PurgedPhotoFiles,
  TrashPosition,
  TrashRepository,
} from '../ports.ts';
import { purgeDate, trashCutoff } from '../trash.ts';
import { MAX_BULK_PHOTOS, photoFileKeys } from '../upload-policy.ts';
import { type SignedPhotoUrls, signPhoto } from './get-gallery.ts';
import { decodeLibraryCursor, encodeLibraryCursor, MAX_LIBRARY_PAGE } from './library.ts';
import { photoIds } from './organize-by-hand.ts';

/**
 * Photos deleted for good in one transaction: their files (four each) are deleted while it holds
 * their rows, so it stays short.
 */
export const PURGE_BATCH = 50;
/** What one request to empty the Trash deletes at most; `remaining` says the rest. */
export const EMPTY_TRASH_PER_REQUEST = MAX_BULK_PHOTOS;
/**
 * A request to empty the Trash starts no new batch after this long, so it answers well inside the
 * route's 20 seconds however slow storage is (the local S3 emulator deletes about 110 objects a second:
 * 250 photos, 1,000 objects, in 9 s a call).
 */
export const EMPTY_TRASH_BUDGET_MS = 8_000;
/** What one daily run deletes at most; the rest waits for the next day (and is logged). */
export const PURGE_PER_RUN = 20_000;
/** The daily run starts no new batch after this long (its function's timeout is 10 minutes). */
export const PURGE_RUN_BUDGET_MS = 8 * 60 * 1000;
/** Storage deletions in flight at once. */
const DELETE_CONCURRENCY = 16;

/** Moves the caller's photos to the Trash; all of them, or none when one is not the caller's. */
export async function trashPhotos(
  deps: { trash: TrashRepository; clock: Clock },
  ownerId: string,
  imageIds: readonly string[],
): Promise<{ trashedAt: Date; purgeAt: Date }> {
  const ids = photoIds(imageIds);
  const at = deps.clock.now();
  const { notFound } = await deps.trash.trash(ownerId, ids, at);
  if (notFound.length > 0) throw photosNotFound(notFound);
  return { trashedAt: at, purgeAt: purgeDate(at) };
}

/** Takes the caller's photos out of the Trash, back into the albums they were in. */
export async function restorePhotos(
  deps: { trash: TrashRepository },
  ownerId: string,
  imageIds: readonly string[],
): Promise<void> {
  const { notFound } = await deps.trash.restore(ownerId, photoIds(imageIds));
  if (notFound.length > 0) throw photosNotFound(notFound);
}

export interface SignedTrashedPhoto
  extends Omit<TrashedPhoto, 'previewKey' | 'thumbnailKey'>,
    SignedPhotoUrls {
  /** When the daily clean-up deletes it for good. */
  purgeAt: Date;
}

/** One page of the Trash, most recently trashed first, with signed URLs and when each goes for good. */
export async function listTrash(
  deps: { trash: TrashRepository; urls: PhotoUrlSigner },
  ownerId: string,
  page: { limit: number; cursor: string | null },
): Promise<{ photos: SignedTrashedPhoto[]; nextCursor: string | null }> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LIBRARY_PAGE) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIBRARY_PAGE}`, { field: 'limit' });
  }
  const after = page.cursor === null ? null : decodeTrashCursor(page.cursor);
  const { photos, next } = await deps.trash.list(ownerId, { limit: page.limit, after });
  return {
    photos: await Promise.all(
      photos.map(async ({ previewKey, thumbnailKey, ...photo }) => ({
        ...photo,
        purgeAt: purgeDate(photo.trashedAt),
        ...(await signPhoto(deps.urls, { storageKey: photo.storageKey, previewKey, thumbnailKey })),
      })),
    ),
    nextCursor: next ? encodeLibraryCursor({ at: next.trashedAt, id: next.id }) : null,
  };
}

/**
 * Deletes everything in the caller's Trash for good, files first, up to EMPTY_TRASH_PER_REQUEST photos
 * and for about EMPTY_TRASH_BUDGET_MS (so the request answers in time); `remaining` says how many are
 * left for another call.
 */
export async function emptyTrash(
  deps: { trash: TrashRepository; storage: PhotoStorage; clock: Clock },
  ownerId: string,
): Promise<{ deleted: number; remaining: number }> {
  const deadline = deps.clock.now().getTime() + EMPTY_TRASH_BUDGET_MS;
  let deleted = 0;
  while (deleted < EMPTY_TRASH_PER_REQUEST) {
    const limit = Math.min(PURGE_BATCH, EMPTY_TRASH_PER_REQUEST - deleted);
    const purged = await deps.trash.purge({ ownerId, trashedBefore: null, limit }, (photos) =>
      deleteFiles(deps.storage, photos),
    );
    deleted += purged;
    if (purged < limit || deps.clock.now().getTime() >= deadline) break;
  }
  return { deleted, remaining: await deps.trash.count(ownerId) };
}

/**
 * The daily clean-up's part: photos in the Trash for TRASH_DAYS are deleted for good with their files,
 * in batches, up to PURGE_PER_RUN a run and for about PURGE_RUN_BUDGET_MS. A batch whose files cannot all be deleted keeps its records
 * (tomorrow's run tries again) and ends this run.
 */
export async function purgeExpiredTrash(deps: {
  trash: TrashRepository;
  storage: PhotoStorage;
  clock: Clock;
  logger: Logger;
}): Promise<number> {
  const trashedBefore = trashCutoff(deps.clock.now());
  const deadline = deps.clock.now().getTime() + PURGE_RUN_BUDGET_MS;
  let deleted = 0;
  let more = false;
  while (deleted < PURGE_PER_RUN) {
    const purged = await deps.trash.purge({ trashedBefore, limit: PURGE_BATCH }, (photos) =>
      deleteFiles(deps.storage, photos),
    );
    deleted += purged;
    more = purged === PURGE_BATCH;
    if (!more || deps.clock.now().getTime() >= deadline) break;
  }
  deps.logger.info('emptied the Trash of photos past their days', {
    deleted,
    cutoff: trashedBefore.toISOString(),
    ...(more ? { more: 'left for the next run' } : {}),
  });
  return deleted;
}

/** Albums deleted TRASH_DAYS ago can no longer be restored: their rows go (the photos stay). */
export async function purgeDeletedAlbums(deps: {
  trash: TrashRepository;
  clock: Clock;
  logger: Logger;
}): Promise<number> {
  const deletedBefore = trashCutoff(deps.clock.now());
  const deleted = await deps.trash.purgeDeletedAlbums(deletedBefore);
  deps.logger.info('forgot albums deleted past their days', { deleted, cutoff: deletedBefore.toISOString() });
  return deleted;
}

/** Every file of the photos (derived keys too: renditions may be written without being recorded). */
async function deleteFiles(storage: PhotoStorage, photos: PurgedPhotoFiles[]): Promise<void> {
  const keys = new Set<string>();
  for (const photo of photos) {
    for (const key of photoFileKeys(photo.storageKey)) keys.add(key);
    for (const key of [photo.previewKey, photo.thumbnailKey, photo.modelKey]) if (key) keys.add(key);
  }
  const all = [...keys];
  for (let start = 0; start < all.length; start += DELETE_CONCURRENCY) {
    // Any failure rejects: the caller keeps the records, so a retry deletes what is left.
    await Promise.all(all.slice(start, start + DELETE_CONCURRENCY).map((key) => storage.delete(key)));
  }
}

/** Unknown ids and another user's are reported alike: nothing about other users leaks. */
function photosNotFound(imageIds: string[]): AppError {
  const message =
    imageIds.length === 1
      ? 'photo not found (details.imageIds); nothing was changed'
      : `${imageIds.length} of the photos were not found (details.imageIds); nothing was changed`;
  return new AppError('not_found', message, { status: 404, details: { imageIds } });
}

/** The Trash's cursor has the library's form: the position's instant and id. */
function decodeTrashCursor(cursor: string): TrashPosition {
  const { at, id } = decodeLibraryCursor(cursor);
  return { trashedAt: at, id };
}
