import { NotFoundError } from '../errors.ts';
import type { GalleryAlbum } from '../model.ts';
import type { GalleryRepository, PhotoStorage } from '../ports.ts';
import { DOWNLOAD_URL_TTL_SECONDS } from '../upload-policy.ts';

export interface SignedGalleryPhoto extends Omit<GalleryAlbum['photos'][number], 'previewKey'> {
  url: string;
  previewUrl: string;
}

export interface SignedGalleryAlbum extends Omit<GalleryAlbum, 'photos'> {
  photos: SignedGalleryPhoto[];
}

/** The caller's albums with short-lived signed URLs. Asking for another user's gallery is not found. */
export async function getGallery(
  deps: { gallery: GalleryRepository; storage: PhotoStorage },
  callerId: string,
  requestedUserId: string,
): Promise<SignedGalleryAlbum[]> {
  if (requestedUserId !== callerId) throw new NotFoundError('gallery');
  const albums = await deps.gallery.listAlbums(callerId);
  return Promise.all(albums.map((album) => signAlbum(deps.storage, album)));
}

/** Swaps an album's storage keys for signed URLs of the original and of the preview. */
export async function signAlbum(
  storage: PhotoStorage,
  { photos, ...album }: GalleryAlbum,
): Promise<SignedGalleryAlbum> {
  return {
    ...album,
    photos: await Promise.all(
      photos.map(async ({ previewKey, ...photo }) => ({
        ...photo,
        ...(await signPhoto(storage, photo.storageKey, previewKey)),
      })),
    ),
  };
}

/** The photo's signed URLs; without a preview the original stands in for it. */
export async function signPhoto(
  storage: PhotoStorage,
  storageKey: string,
  previewKey: string | null,
): Promise<{ url: string; previewUrl: string }> {
  const url = await storage.presignDownload(storageKey, DOWNLOAD_URL_TTL_SECONDS);
  const previewUrl = previewKey ? await storage.presignDownload(previewKey, DOWNLOAD_URL_TTL_SECONDS) : url;
  return { url, previewUrl };
}
