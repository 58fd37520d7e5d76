/** What the viewer's info panel shows about one photo: everything known about it, and its albums. */
import { NotFoundError } from '../errors.ts';
import type { Photo } from '../model.ts';
import type { AlbumRef, AlbumRepository } from '../ports.ts';

export interface PhotoInfo {
  photo: Photo;
  /** The albums (not deleted) that hold it, newest album first. */
  albums: AlbumRef[];
}

/**
 * One photo of the owner that the app shows (organized: in the library or in the Trash). Another
 * user's photo, one not organized yet and a made-up id are all not found, alike.
 */
export async function getPhotoInfo(
  deps: { albums: AlbumRepository },
  ownerId: string,
  imageId: string,
): Promise<PhotoInfo> {
  const photo = await deps.albums.findPhoto(ownerId, imageId);
  if (photo?.status !== 'ready') throw new NotFoundError('photo');
  return { photo, albums: await deps.albums.albumsHolding(ownerId, photo.id) };
}
