/**
 * The Trash: a deleted photo (and a deleted album) is hidden everywhere but kept for TRASH_DAYS, so one
 * click never loses anything for good; the daily clean-up then deletes it with its files.
 */

/** Days a photo stays in the Trash, and a deleted album stays restorable, before the daily clean-up. */
export const TRASH_DAYS = 30;

const DAY_MS = 24 * 3600 * 1000;

/** When the daily clean-up may delete something trashed (or an album deleted) at `trashedAt`. */
export function purgeDate(trashedAt: Date): Date {
  return new Date(trashedAt.getTime() + TRASH_DAYS * DAY_MS);
}

/** Everything trashed (or deleted) before this instant is due for the clean-up at `now`. */
export function trashCutoff(now: Date): Date {
  return new Date(now.getTime() - TRASH_DAYS * DAY_MS);
}

/**
 * The cover an album shows: its chosen cover while that photo is visible, else its first visible photo
 * (the chosen one may be in the Trash, and comes back as the cover when restored), else none.
 */
export function shownCover(coverImageId: string | null, visiblePhotoIds: readonly string[]): string | null {
  if (coverImageId !== null && visiblePhotoIds.includes(coverImageId)) return coverImageId;
  return visiblePhotoIds[0] ?? null;
}
