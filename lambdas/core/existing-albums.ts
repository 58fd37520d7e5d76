/**
 * Which of the owner's albums a job's planner is shown, so that new photos join them instead of
 * starting albums of their own: those whose dates reach within a few days of the new photos', those
 * taken in the same towns, those the user made (a target whatever its dates), and — when the new
 * photos include undated ones — the albums that have no dates either. The closest come first, and
 * at most MAX_EXISTING_ALBUMS go (each costs the model a small cover image and a line of text).
 */
import type { Place } from './model.ts';
import type { AlbumSummary, PlannerPhoto } from './ports.ts';

/** How many existing albums one job's planner is shown at most. */
export const MAX_EXISTING_ALBUMS = 20;
/** An album whose dates come within this of a new photo's is worth offering. */
export const EXISTING_ALBUM_REACH_MS = 3 * 24 * 3_600_000;

/** The albums worth offering for `photos`, closest first, at most `cap`. */
export function chooseExistingAlbums(
  albums: readonly AlbumSummary[],
  photos: readonly PlannerPhoto[],
  cap = MAX_EXISTING_ALBUMS,
): AlbumSummary[] {
  const times = photos
    .map((photo) => photo.takenAt?.getTime())
    .filter((time): time is number => time !== undefined && Number.isFinite(time));
  const places = new Set(
    photos.map((photo) => placeKey(photo.place)).filter((key): key is string => key !== null),
  );
  const hasUndated = times.length < photos.length;

  const scored: { album: AlbumSummary; distance: number }[] = [];
  for (const album of albums) {
    const distance = timeDistance(album, times);
    const samePlace = album.places.some((place) => places.has(placeKey(place) ?? ''));
    const undatedMatch = hasUndated && album.from === null;
    if (distance <= EXISTING_ALBUM_REACH_MS || samePlace || album.madeByUser || undatedMatch)
      scored.push({ album, distance: samePlace ? Math.min(distance, EXISTING_ALBUM_REACH_MS) : distance });
  }
  // Closest in time first; among equals the album the user touched most recently.
  scored.sort((a, b) => a.distance - b.distance || b.album.updatedAt.getTime() - a.album.updatedAt.getTime());
  return scored.slice(0, cap).map((entry) => entry.album);
}

/** How far the album's span is from the nearest new photo (0 inside it; Infinity when either is undated). */
function timeDistance(album: AlbumSummary, times: readonly number[]): number {
  if (album.from === null || album.until === null || times.length === 0) return Number.POSITIVE_INFINITY;
  const from = album.from.getTime();
  const until = album.until.getTime();
  let best = Number.POSITIVE_INFINITY;
  for (const time of times)
    best = Math.min(best, time < from ? from - time : time > until ? time - until : 0);
  return best;
}

/** One string per town (and country), to compare places; null for no place. */
export function placeKey(place: Place | null): string | null {
  return place ? `${place.city}\u0000${place.country}` : null;
}
