import { NotFoundError } from '../errors.ts';
import type { ComparablePhoto, GalleryAlbum } from '../model.ts';
import type { GalleryRepository, PhotoUrlSigner } from '../ports.ts';
import { type LikenessPhoto, type Stack, stackSimilar } from '../similar-photos.ts';
import { DOWNLOAD_URL_TTL_SECONDS } from '../upload-policy.ts';

export interface SignedPhotoUrls {
  /** The original, as uploaded: what the lightbox shows. */
  url: string;
  /** About 1024 px: large tiles on dense screens, and the lightbox's fallback. */
  previewUrl: string;
  /** About 512 px: grid tiles. */
  thumbnailUrl: string;
}

type PhotoKeys = { storageKey: string; previewKey: string | null; thumbnailKey: string | null };

export interface SignedGalleryPhoto
  extends Omit<GalleryAlbum['photos'][number], 'previewKey' | 'thumbnailKey' | 'likeness'>,
    SignedPhotoUrls {}

export interface SignedGalleryAlbum extends Omit<GalleryAlbum, 'photos'> {
  photos: SignedGalleryPhoto[];
  /** The album's near duplicates (two or more photos each), best photo first; the photos stay listed. */
  stacks: Stack[];
}

/** The caller's albums with short-lived signed URLs. Asking for another user's gallery is not found. */
export async function getGallery(
  deps: { gallery: GalleryRepository; urls: PhotoUrlSigner },
  callerId: string,
  requestedUserId: string,
): Promise<SignedGalleryAlbum[]> {
  if (requestedUserId !== callerId) throw new NotFoundError('gallery');
  const albums = await deps.gallery.listAlbums(callerId);
  return Promise.all(albums.map((album) => signAlbum(deps.urls, album)));
}

/**
 * Swaps an album's storage keys for signed URLs of the original, the preview and the thumbnail, and
 * stacks its near duplicates.
 */
export async function signAlbum(
  urls: PhotoUrlSigner,
  { photos, ...album }: GalleryAlbum,
): Promise<SignedGalleryAlbum> {
  return {
    ...album,
    photos: await Promise.all(
      photos.map(async ({ previewKey, thumbnailKey, likeness: _, ...photo }) => ({
        ...photo,
        ...(await signPhoto(urls, { storageKey: photo.storageKey, previewKey, thumbnailKey })),
      })),
    ),
    stacks: stackSimilar(photos.map(likenessOf)),
  };
}

/** What stacking reads of a listed photo. */
export function likenessOf(photo: ComparablePhoto): LikenessPhoto {
  return {
    id: photo.id,
    width: photo.width,
    height: photo.height,
    takenAt: photo.takenAt,
    ...photo.likeness,
  };
}

/**
 * The photo's signed URLs. Without a preview the original stands in for it, and without a thumbnail
 * (photos organized before thumbnails existed) the preview does.
 */
export async function signPhoto(urls: PhotoUrlSigner, keys: PhotoKeys): Promise<SignedPhotoUrls> {
  const sign = (key: string) => urls.presignDownload(key, DOWNLOAD_URL_TTL_SECONDS);
  const url = await sign(keys.storageKey);
  const previewUrl = keys.previewKey ? await sign(keys.previewKey) : url;
  const thumbnailUrl = keys.thumbnailKey ? await sign(keys.thumbnailKey) : previewUrl;
  return { url, previewUrl, thumbnailUrl };
}
