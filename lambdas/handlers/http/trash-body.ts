import type { SignedTrashedPhoto } from '../../core/use-cases/trash.ts';

/** The public shape of a photo in the Trash. */
export function trashedPhotoBody({ takenAt, createdAt, trashedAt, purgeAt, ...photo }: SignedTrashedPhoto) {
  return {
    ...photo,
    takenAt: takenAt?.toISOString() ?? null,
    createdAt: createdAt.toISOString(),
    trashedAt: trashedAt.toISOString(),
    purgeAt: purgeAt.toISOString(),
  };
}

/** What moving photos to the Trash answers. */
export function trashMoveBody(trashed: number, moved: { trashedAt: Date; purgeAt: Date }) {
  return { trashed, trashedAt: moved.trashedAt.toISOString(), purgeAt: moved.purgeAt.toISOString() };
}
