/**
 * Near duplicates — bursts, re-saves, resizes, small crops and light edits of one picture — stacked
 * together, so an album shows one of them ("N similar") and the review screen can keep one.
 *
 * Two photos are similar when both perceptual hashes say something (see `informativeHash`) and:
 * - their hashes are at most SAME_PICTURE_BITS apart: the same picture, whatever else changed
 *   (colour, greyscale, brightness); or
 * - at most EDITED_BITS apart and they look alike (look distance ≤ EDITED_LOOK): re-saves, resizes,
 *   crops of a few per cent, light edits; or
 * - taken within BURST_WINDOW_MS of each other, at most BURST_BITS apart and looking all but the same
 *   (≤ BURST_LOOK): a burst, or the same scene shot again from a step away.
 * Stacks are the connected groups of that relation (a burst of ten, each frame like the next).
 * Measured on real photos (docs/content.md): re-saves, resizes and colour edits 0–3 bits apart, 5 %
 * crops 5 (median), unrelated photos 31 (median); flat, gradient and horizontally striped pictures
 * all hash to 0, which is why such hashes never stack.
 */
import { lookDistance } from './look.ts';

export const SAME_PICTURE_BITS = 4;
export const EDITED_BITS = 12;
export const EDITED_LOOK = 0.15;
export const BURST_BITS = 16;
export const BURST_LOOK = 0.05;
export const BURST_WINDOW_MS = 10 * 60 * 1000;
/** A hash with fewer ones (or zeros) than this comes from a picture with no left–right structure. */
export const MIN_HASH_BITS = 4;

/** What comparing and ranking photos needs. */
export interface LikenessPhoto {
  id: string;
  /** 64-bit difference hash, 16 hex digits (ingest); null when never read. */
  perceptualHash: string | null;
  /** core/look.ts; null or empty when never computed. */
  look: readonly number[] | null;
  width: number | null;
  height: number | null;
  sizeBytes: number;
  takenAt: Date | null;
  /** When it was uploaded: of two equal copies, the earlier one is the original. */
  createdAt: Date;
}

export interface Stack {
  /** The best photo first (most pixels, then most bytes, then the earliest upload), then the others in that order. */
  imageIds: string[];
}

interface Hashed {
  photo: LikenessPhoto;
  high: number;
  low: number;
}

/** Groups of two or more similar photos, best photo first; the groups in the order their first photo comes in `photos`. */
export function stackSimilar(photos: readonly LikenessPhoto[]): Stack[] {
  const hashed: Hashed[] = [];
  for (const photo of photos) {
    const bits = hashBits(photo.perceptualHash);
    if (bits && informativeHash(bits)) hashed.push({ photo, ...bits });
  }
  // The hashes in two flat arrays: the pairwise loop below runs n²/2 times (12.5 million at 5,000).
  const highs = Uint32Array.from(hashed, (entry) => entry.high);
  const lows = Uint32Array.from(hashed, (entry) => entry.low);
  const parent = hashed.map((_, index) => index);
  const root = (index: number): number => {
    let at = index;
    while (parent[at] !== at) {
      parent[at] = parent[parent[at] as number] as number;
      at = parent[at] as number;
    }
    return at;
  };
  for (let a = 0; a < hashed.length; a += 1) {
    const high = highs[a] as number;
    const low = lows[a] as number;
    for (let b = a + 1; b < hashed.length; b += 1) {
      const distance = popcount(high ^ (highs[b] as number)) + popcount(low ^ (lows[b] as number));
      if (distance > BURST_BITS) continue;
      if (similarAt(distance, (hashed[a] as Hashed).photo, (hashed[b] as Hashed).photo))
        parent[root(b)] = root(a);
    }
  }
  const groups = new Map<number, LikenessPhoto[]>();
  hashed.forEach((entry, index) => {
    const group = groups.get(root(index));
    if (group) group.push(entry.photo);
    else groups.set(root(index), [entry.photo]);
  });
  const order = new Map(photos.map((photo, index) => [photo.id, index]));
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => group.sort(betterFirst))
    .sort((a, b) => Math.min(...a.map(at(order))) - Math.min(...b.map(at(order))))
    .map((group) => ({ imageIds: group.map((photo) => photo.id) }));
}

/** Whether two photos are near duplicates (the rule above). */
export function areSimilar(a: LikenessPhoto, b: LikenessPhoto): boolean {
  const first = hashBits(a.perceptualHash);
  const second = hashBits(b.perceptualHash);
  if (!first || !second || !informativeHash(first) || !informativeHash(second)) return false;
  return similarAt(popcount(first.high ^ second.high) + popcount(first.low ^ second.low), a, b);
}

function similarAt(distance: number, a: LikenessPhoto, b: LikenessPhoto): boolean {
  if (distance <= SAME_PICTURE_BITS) return true;
  const looks = a.look && b.look && a.look.length > 0 && a.look.length === b.look.length;
  if (!looks) return false;
  const apart = lookDistance(a.look as readonly number[], b.look as readonly number[]);
  if (distance <= EDITED_BITS && apart <= EDITED_LOOK) return true;
  const burst =
    a.takenAt !== null &&
    b.takenAt !== null &&
    Math.abs(a.takenAt.getTime() - b.takenAt.getTime()) <= BURST_WINDOW_MS;
  return burst && distance <= BURST_BITS && apart <= BURST_LOOK;
}

/** Most pixels, then most bytes, then the earliest upload, then the id (a stable order). */
export function betterFirst(a: LikenessPhoto, b: LikenessPhoto): number {
  const pixels = (photo: LikenessPhoto) => (photo.width ?? 0) * (photo.height ?? 0);
  return (
    pixels(b) - pixels(a) ||
    b.sizeBytes - a.sizeBytes ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * A difference hash compares each pixel with its right neighbour: a flat picture, a smooth gradient
 * or horizontal stripes give (almost) all zeros or all ones, and any two such pictures "match".
 */
function informativeHash({ high, low }: { high: number; low: number }): boolean {
  const ones = popcount(high) + popcount(low);
  return ones >= MIN_HASH_BITS && 64 - ones >= MIN_HASH_BITS;
}

function hashBits(hash: string | null): { high: number; low: number } | null {
  if (hash === null || !/^[0-9a-f]{16}$/.test(hash)) return null;
  return { high: Number.parseInt(hash.slice(0, 8), 16), low: Number.parseInt(hash.slice(8), 16) };
}

function popcount(value: number): number {
  let v = value >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const at = (order: Map<string, number>) => (photo: LikenessPhoto) => order.get(photo.id) ?? 0;
