/**
 * The review screen's question: which photos of my library are near duplicates of each other? The
 * newest SIMILAR_SCAN_LIMIT ready photos (not in the Trash) are compared two by two — one query, then
 * about 12.5 million hash comparisons at the limit (0.35 s measured on a busy two-core machine) — and at most MAX_SIMILAR_GROUPS groups
 * are answered, those holding the newest photos first. Keeping one and trashing the rest is the
 * Trash route's work; after it the next groups come up.
 */
import type { ComparablePhoto } from '../model.ts';
import type { GalleryRepository, PhotoUrlSigner } from '../ports.ts';
import { stackSimilar } from '../similar-photos.ts';
import { likenessOf, type SignedPhotoUrls, signPhoto } from './get-gallery.ts';

export const SIMILAR_SCAN_LIMIT = 5000;
export const MAX_SIMILAR_GROUPS = 100;

export interface SimilarPhoto
  extends Omit<ComparablePhoto, 'previewKey' | 'thumbnailKey' | 'likeness'>,
    SignedPhotoUrls {
  sizeBytes: number;
  createdAt: Date;
}

export interface SimilarGroups {
  /** Each group best photo first (most pixels, then bytes, then the earliest upload). */
  groups: SimilarPhoto[][];
  /** How many photos were compared, and whether older ones were left out (the scan limit) or more groups exist. */
  scannedPhotos: number;
  morePhotos: boolean;
  moreGroups: boolean;
}

/** The caller's groups of near duplicates, for the review screen (bounded, see above). */
export async function listSimilarGroups(
  deps: { gallery: GalleryRepository; urls: PhotoUrlSigner },
  ownerId: string,
): Promise<SimilarGroups> {
  // One more than the limit says whether older photos were left out.
  const recent = await deps.gallery.recentComparable(ownerId, SIMILAR_SCAN_LIMIT + 1);
  const scanned = recent.slice(0, SIMILAR_SCAN_LIMIT);
  const byId = new Map(scanned.map((photo) => [photo.id, photo]));
  const stacks = stackSimilar(scanned.map(likenessOf));
  const groups = await Promise.all(
    stacks.slice(0, MAX_SIMILAR_GROUPS).map((stack) =>
      Promise.all(
        stack.imageIds.map(async (id) => {
          const { previewKey, thumbnailKey, likeness, ...photo } = byId.get(id) as ComparablePhoto;
          return {
            ...photo,
            sizeBytes: likeness.sizeBytes,
            createdAt: likeness.createdAt,
            ...(await signPhoto(deps.urls, { storageKey: photo.storageKey, previewKey, thumbnailKey })),
          };
        }),
      ),
    ),
  );
  return {
    groups,
    scannedPhotos: scanned.length,
    morePhotos: recent.length > SIMILAR_SCAN_LIMIT,
    moreGroups: stacks.length > MAX_SIMILAR_GROUPS,
  };
}
