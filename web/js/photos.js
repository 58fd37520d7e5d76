/** Shared pieces of the album and library screens: loading the gallery and drawing a preview. */
import { api } from './api.js';
import { h } from './dom.js';
import { offerUndo, restorePhotos } from './undo.js';

/**
 * Moves the photo to the Trash through the screen's `change` (which redraws the screen), then offers
 * Undo: nothing is lost by one click, so there is nothing to confirm first.
 */
export async function trashPhoto(photo, name, change) {
  const moved = await change(() => api(`/api/images/${photo.id}`, { method: 'DELETE' }));
  if (!moved) return;
  offerUndo(`Moved ${name} to Trash`, async () => {
    await restorePhotos([photo.id]);
    return `${name} is back where it was.`;
  });
}

export async function loadAlbums() {
  const gallery = await api('/api/galleries/me');
  return gallery.albums;
}

export function coverOf(album) {
  return album.images.find((image) => image.id === album.coverImageId) ?? album.images[0] ?? null;
}

/** How wide a rendition of `longSide` pixels is (renditions are never enlarged). */
function renditionWidth(photo, longSide) {
  if (!photo.width || !photo.height) return longSide;
  return Math.round(photo.width * Math.min(1, longSide / Math.max(photo.width, photo.height)));
}

/** A grid row is about 11rem high on a desktop (tiles as wide as their photo); a phone shows 3 square crops a row. */
export const TILE_SIZES = '(max-width: 36rem) 34vw, 18rem';
/** An album cover is wider: one to a row on a phone. */
export const COVER_SIZES = '(max-width: 36rem) 100vw, 20rem';

/**
 * A preview image: never the original in a grid. The browser picks the ~512 px thumbnail or the
 * ~1024 px preview from `sizes` and the screen's pixel density, so a phone loads a third of the bytes.
 * width/height reserve the space before it loads (no layout shift); `alt` says when and where it was
 * taken (file names are not shown: they are the camera's, not the person's, words).
 */
export function previewImage(photo, { alt = photoLabel(photo), sizes = TILE_SIZES } = {}) {
  const srcset =
    photo.thumbnailUrl && photo.thumbnailUrl !== photo.previewUrl
      ? `${photo.thumbnailUrl} ${renditionWidth(photo, 512)}w, ${photo.previewUrl} ${renditionWidth(photo, 1024)}w`
      : undefined;
  return h('img', {
    src: photo.thumbnailUrl ?? photo.previewUrl,
    ...(srcset ? { srcset, sizes } : {}),
    alt,
    width: photo.width ?? 4,
    height: photo.height ?? 3,
    loading: 'lazy',
    decoding: 'async',
  });
}

/** What a photo's date is read from, as the grid and the lightbox say it. */
const DATE_SOURCE_NOTES = {
  exif: 'from the camera',
  'file-name': 'from the file name',
  'file-time': 'from the file’s time',
};

/**
 * A photo's date as its device showed it. The server keeps wall-clock times as if UTC, so they are
 * formatted in UTC: a photo taken at 02:00 stays on its own day wherever the viewer is.
 */
export function photoDate(photo) {
  if (!photo.takenAt) return null;
  return new Date(photo.takenAt).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** "12–14 May 2026" (as the viewer's language writes a range), or null without dates. */
export function dateSpan(from, to) {
  if (!from || !to) return null;
  const format = new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return format.formatRange(new Date(from), new Date(to));
}

/** "from the file name" and the like, or null when the date came from the camera or is unknown. */
export function photoDateNote(photo) {
  if (!photo.takenAt || !photo.takenAtSource || photo.takenAtSource === 'exif') return null;
  return DATE_SOURCE_NOTES[photo.takenAtSource] ?? null;
}

/** "Photo of 2 May 2026, 14:05, Porto": what a tile is called for screen readers (no file names). */
export function photoLabel(photo) {
  const when = photo.takenAt
    ? new Date(photo.takenAt).toLocaleString(undefined, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
      })
    : null;
  const parts = [when ?? 'Photo without a date', photo.place?.city].filter(Boolean);
  return when ? `Photo of ${parts.join(', ')}` : parts.join(', ');
}

/**
 * One tile of a photo grid: the preview as a button that opens the viewer (loaded on first use) at
 * `index` of `photos`. `viewer.actions(photo)` lists what the viewer's info panel offers for it. The
 * tile carries the photo's aspect ratio (--ratio) so justified rows size it before the image loads.
 */
export function photoTile(photos, index, viewer = {}, ...extras) {
  const photo = photos[index];
  const open = h('button', { type: 'button', class: 'photo-open' }, previewImage(photo));
  open.addEventListener('click', async () => {
    const { openLightbox } = await import('./lightbox.js');
    openLightbox(photos, index, viewer);
  });
  const tile = h('li', { class: 'photo-tile', 'data-photo-id': photo.id }, open, ...extras);
  // Through the CSSOM: the CSP forbids style attributes, not styles set by script.
  const ratio = photo.width && photo.height ? photo.width / photo.height : 4 / 3;
  tile.style.setProperty('--ratio', String(Math.min(3, Math.max(1 / 3, ratio))));
  return tile;
}
