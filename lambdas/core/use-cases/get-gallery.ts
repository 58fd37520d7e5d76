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
  const sign = (key: string) => deps.storage.presignDownload(key, DOWNLOAD_URL_TTL_SECONDS);
  return Promise.all(
    albums.map(async ({ photos, ...album }) => ({
      ...album,
      photos: await Promise.all(
        photos.map(async ({ previewKey, ...photo }) => {
          const url = await sign(photo.storageKey);
          return { ...photo, url, previewUrl: previewKey ? await sign(previewKey) : url };
        }),
      ),
    })),
  );
}
