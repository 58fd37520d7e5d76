/** Shared pieces of the album and library screens: loading the gallery and drawing a preview. */
import { api } from './api.js';
import { h } from './dom.js';

export async function loadAlbums() {
  const gallery = await api('/api/galleries/me');
  return gallery.albums;
}

export function coverOf(album) {
  return album.images.find((image) => image.id === album.coverImageId) ?? album.images[0] ?? null;
}

/**
 * A preview image: never the original in a grid. width/height reserve the space before it loads
 * (no layout shift); `alt` is the file name, the only description a photo has.
 */
export function previewImage(photo, { alt = photo.originalFilename } = {}) {
  return h('img', {
    src: photo.previewUrl,
    alt,
    width: photo.width ?? 4,
    height: photo.height ?? 3,
    loading: 'lazy',
    decoding: 'async',
  });
}

export function photoDate(photo) {
  if (!photo.takenAt) return null;
  return new Date(photo.takenAt).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}
