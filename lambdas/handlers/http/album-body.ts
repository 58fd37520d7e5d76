import type { SignedGalleryAlbum } from '../../core/use-cases/get-gallery.ts';
import type { SignedLibraryPhoto } from '../../core/use-cases/library.ts';

/** The public shape of an album: the same in the gallery and in the answers of the editing routes. */
export function albumBody({ photos, createdAt, span, ...album }: SignedGalleryAlbum) {
  return {
    ...album,
    createdAt: createdAt.toISOString(),
    takenFrom: span.takenFrom?.toISOString() ?? null,
    takenTo: span.takenTo?.toISOString() ?? null,
    place: span.place,
    photoCount: photos.length,
    images: photos.map(({ takenAt, ...photo }) => ({
      ...photo,
      takenAt: takenAt?.toISOString() ?? null,
    })),
  };
}

/** The public shape of a photo in the library. */
export function libraryPhotoBody({ takenAt, createdAt, ...photo }: SignedLibraryPhoto) {
  return { ...photo, takenAt: takenAt?.toISOString() ?? null, createdAt: createdAt.toISOString() };
}
