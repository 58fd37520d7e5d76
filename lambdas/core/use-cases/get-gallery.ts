import { NotFoundError } from '../errors.ts';
import type { GalleryAlbum } from '../model.ts';
import type { GalleryRepository, PhotoUrlSigner } from '../ports.ts';
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
  extends Omit<GalleryAlbum['photos'][number], 'previewKey' | 'thumbnailKey'>,
    SignedPhotoUrls {}

export interface SignedGalleryAlbum extends Omit<GalleryAlbum, 'photos'> {
  photos: SignedGalleryPhoto[];
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

/** Swaps an album's storage keys for signed URLs of the original, the preview and the thumbnail. */
export async function signAlbum(
  urls: PhotoUrlSigner,
  { photos, ...album }: GalleryAlbum,
): Promise<SignedGalleryAlbum> {
  return {
    ...album,
    photos: await Promise.all(
      photos.map(async ({ previewKey, thumbnailKey, ...photo }) => ({
        ...photo,
        ...(await signPhoto(urls, { storageKey: photo.storageKey, previewKey, thumbnailKey })),
      })),
    ),
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
