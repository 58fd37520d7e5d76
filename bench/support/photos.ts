/**
 * Realistic 12-megapixel test photos, made on the fly. A handful of distinct scenes
 * (test/fixtures makePhotoLikeJpeg: ~3.5 MB each, compresses like a camera JPEG) are rendered once;
 * photo i is scene i mod N with its own EXIF block (capture time, GPS, camera) spliced in after the
 * JPEG's SOI marker, so every photo carries what a phone writes and the worker's EXIF reading and
 * offline geocoding run as they would on real uploads. Photos are built one at a time when asked
 * for, so 500 of them never sit in memory at once.
 */
import { makeJpeg, makePhotoLikeJpeg } from '../../test/fixtures/photos.ts';

export interface CorpusOptions {
  width?: number;
  height?: number;
  /** How many distinct scenes to render; rendering costs ~0.4 s per 12 MP scene. */
  scenes?: number;
}

export interface PhotoCorpus {
  width: number;
  height: number;
  /** The JPEG bytes of photo `index` of a batch of `count` (deterministic). */
  photo(index: number, count: number): Promise<Buffer>;
}

// Trips the EXIF places come from, so the offline organizer has real places to group by.
const TRIPS = [
  { latitude: 38.7223, longitude: -9.1393 }, // Lisbon
  { latitude: 41.1579, longitude: -8.6291 }, // Porto
  { latitude: 48.8566, longitude: 2.3522 }, // Paris
  { latitude: 35.0116, longitude: 135.7681 }, // Kyoto
  { latitude: 40.7128, longitude: -74.006 }, // New York
];

export async function photoCorpus(options: CorpusOptions = {}): Promise<PhotoCorpus> {
  const width = options.width ?? 4000;
  const height = options.height ?? 3000;
  const sceneCount = options.scenes ?? 6;
  const scenes: Buffer[] = [];
  for (let seed = 1; seed <= sceneCount; seed++) scenes.push(await makePhotoLikeJpeg(width, height, seed));
  return {
    width,
    height,
    async photo(index, count) {
      const scene = scenes[index % scenes.length] as Buffer;
      return withExif(scene, await exifSegment(index, count));
    },
  };
}

async function exifSegment(index: number, count: number): Promise<Buffer> {
  const perTrip = Math.max(1, Math.ceil(count / TRIPS.length));
  const tripIndex = Math.min(TRIPS.length - 1, Math.floor(index / perTrip));
  const trip = TRIPS[tripIndex] as { latitude: number; longitude: number };
  // A trip a month, a photo every 7 minutes within it.
  const takenAt = new Date(Date.UTC(2025, tripIndex, 10, 9, 0, 0) + (index % perTrip) * 7 * 60_000);
  const jitter = ((index * 7919) % 100) / 10_000;
  // sharp writes a real EXIF block on a tiny image; only its APP1 segment is kept.
  const carrier = await makeJpeg({
    width: 8,
    height: 8,
    takenAt,
    offsetTime: '+01:00',
    gps: { latitude: trip.latitude + jitter, longitude: trip.longitude - jitter },
    camera: { make: 'Apple', model: 'iPhone 15' },
  });
  return app1Segment(carrier);
}

function app1Segment(jpeg: Buffer): Buffer {
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1];
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker === 0xe1) return jpeg.subarray(offset, offset + 2 + length);
    offset += 2 + length;
  }
  throw new Error('the carrier JPEG has no EXIF segment');
}

/** Decoders and EXIF readers skip segments they do not need, wherever they sit among the headers. */
function withExif(scene: Buffer, segment: Buffer): Buffer {
  return Buffer.concat([scene.subarray(0, 2), segment, scene.subarray(2)]);
}
