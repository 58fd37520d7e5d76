/**
 * The offline organizer's answer to "do these new photos belong to an album the person already has?":
 * a new album joins an existing one when
 * - it has the same title (the same day, the same month's period, "Screenshots", "Documents and
 *   notes", an undated town: the organizer would have made that very album), or
 * - its photos continue the existing album's span — within 8 hours of it (the gap that separates
 *   events), or within a day in the same town (as a trip's days join) or for one or two photos (as a
 *   lone photo joins its neighbour) — and nothing says they were taken somewhere else (no town in
 *   common while both name towns).
 * The closest album wins; equally close, the larger. Deterministic, like the rest of the organizer.
 */
import { placeKey } from '../../core/existing-albums.ts';
import type { ExistingAlbum, PlannerPhoto } from '../../core/ports.ts';

const HOUR_MS = 3_600_000;
/** Events are cut at gaps longer than this (offline-album-planner.ts): within it, they continue. */
const CONTINUES_WITHIN_MS = 8 * HOUR_MS;
/** In the same town, or for one or two photos, an album a day away at most is continued. */
const NEAR_CONTINUE_WITHIN_MS = 24 * HOUR_MS;
const FEW_PHOTOS = 2;

export interface NewAlbum {
  title: string;
  description: string;
  photoIds: string[];
}

/** `albums` with `existingAlbumId` set on those that join one of `existing`. */
export function joinExistingAlbums(
  albums: readonly NewAlbum[],
  photos: readonly PlannerPhoto[],
  existing: readonly ExistingAlbum[],
): (NewAlbum & { existingAlbumId?: string })[] {
  if (existing.length === 0) return [...albums];
  const byRef = new Map(photos.map((photo) => [photo.ref, photo]));
  return albums.map((album) => {
    const members = album.photoIds.map((ref) => byRef.get(ref)).filter((photo) => photo !== undefined);
    const target = sameTitle(album, existing) ?? continued(members, existing);
    return target ? { ...album, existingAlbumId: target.ref } : album;
  });
}

function sameTitle(album: NewAlbum, existing: readonly ExistingAlbum[]): ExistingAlbum | undefined {
  const title = album.title.trim().toLowerCase();
  return existing.find((candidate) => candidate.title.trim().toLowerCase() === title);
}

function continued(
  photos: readonly PlannerPhoto[],
  existing: readonly ExistingAlbum[],
): ExistingAlbum | undefined {
  const times = photos
    .map((photo) => photo.takenAt?.getTime())
    .filter((time): time is number => time !== undefined && Number.isFinite(time));
  if (times.length === 0) return undefined;
  const start = Math.min(...times);
  const end = Math.max(...times);
  const towns = new Set(photos.flatMap((photo) => (photo.place ? [placeKey(photo.place) as string] : [])));

  let best: { album: ExistingAlbum; gap: number } | undefined;
  for (const album of existing) {
    if (album.from === null || album.until === null) continue;
    const gap = Math.max(0, album.from.getTime() - end, start - album.until.getTime());
    const albumTowns = album.places.map((place) => placeKey(place) as string);
    const sameTown = albumTowns.some((town) => towns.has(town));
    if (towns.size > 0 && albumTowns.length > 0 && !sameTown) continue;
    const reach = sameTown || photos.length <= FEW_PHOTOS ? NEAR_CONTINUE_WITHIN_MS : CONTINUES_WITHIN_MS;
    if (gap > reach) continue;
    if (!best || gap < best.gap || (gap === best.gap && album.photoCount > best.album.photoCount))
      best = { album, gap };
  }
  return best?.album;
}
