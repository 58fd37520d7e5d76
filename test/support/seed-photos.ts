/**
 * Many ready photos written straight into a running local app: a row per photo in its database and
 * real JPEG files (original, preview, thumbnail) in its storage, so the web app loads real images.
 * For browser tests and the bench, which need hundreds of photos in seconds; the upload and organize
 * flow that normally makes them has its own tests. Start the app without its pollers
 * (`startHarness({}, { background: false })`): storage events would otherwise send each file through
 * ingest, which reads it again (no EXIF here) and rejects the files that share bytes as copies.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { originalKey, previewKey, thumbnailKey } from '../../lambdas/core/upload-policy.ts';
import type { LocalApp } from '../../lambdas/local-runtime/local-app.ts';

export interface SeedPhoto {
  takenAt: Date | null;
  width: number;
  height: number;
  place?: { city: string; country: string };
}

/** A small real JPEG of `width` × `height` in one colour (distinct bytes per colour). */
export function solidJpeg(width: number, height: number, hue: number): Promise<Buffer> {
  const r = Math.round(128 + 100 * Math.sin(hue));
  const g = Math.round(128 + 100 * Math.sin(hue + 2.1));
  const b = Math.round(128 + 100 * Math.sin(hue + 4.2));
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .jpeg({ quality: 70 })
    .toBuffer();
}

/**
 * Writes `photos` as ready photos of `ownerId` (not in any album), each with its own files, and
 * returns their ids in order. `albumTitle` puts them all in one new album, in order.
 */
export async function seedReadyPhotos(
  app: LocalApp,
  ownerId: string,
  photos: readonly SeedPhoto[],
  options: { albumTitle?: string } = {},
): Promise<{ ids: string[]; albumId: string | null }> {
  const ids = photos.map(() => randomUUID());
  // A handful of distinct renditions, reused: real images to decode, without encoding one per photo.
  const shapes = new Map<string, Buffer>();
  const rendition = async (width: number, height: number, index: number) => {
    const scale = Math.min(1, 512 / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const key = `${w}x${h}-${index % 8}`;
    if (!shapes.has(key)) shapes.set(key, await solidJpeg(w, h, index % 8));
    return shapes.get(key) as Buffer;
  };
  const rows = [];
  for (const [index, photo] of photos.entries()) {
    const id = ids[index] as string;
    const key = originalKey(ownerId, id, 'image/jpeg');
    const bytes = await rendition(photo.width, photo.height, index);
    await Promise.all([
      app.http.storage.put(key, bytes, 'image/jpeg'),
      app.http.storage.put(previewKey(key), bytes, 'image/jpeg'),
      app.http.storage.put(thumbnailKey(key), bytes, 'image/jpeg'),
    ]);
    rows.push({
      id,
      owner_id: ownerId,
      storage_key: key,
      preview_key: previewKey(key),
      thumbnail_key: thumbnailKey(key),
      original_filename: `seeded-${index}.jpg`,
      content_type: 'image/jpeg',
      size_bytes: bytes.length,
      width: photo.width,
      height: photo.height,
      taken_at: photo.takenAt,
      taken_at_source: photo.takenAt ? ('exif' as const) : null,
      place_city: photo.place?.city ?? null,
      place_country: photo.place?.country ?? null,
      status: 'ready' as const,
      // As ingest reads photos now: the details read.
      details_read: true,
    });
  }
  for (let start = 0; start < rows.length; start += 500) {
    await app.http.db
      .insertInto('images')
      .values(rows.slice(start, start + 500))
      .execute();
  }
  if (!options.albumTitle) return { ids, albumId: null };
  const albumId = randomUUID();
  await app.http.db
    .insertInto('albums')
    .values({
      id: albumId,
      owner_id: ownerId,
      title: options.albumTitle,
      theme_description: '',
      cover_image_id: ids[0] ?? null,
    })
    .execute();
  for (let start = 0; start < ids.length; start += 500) {
    await app.http.db
      .insertInto('album_images')
      .values(
        ids.slice(start, start + 500).map((imageId, offset) => ({
          album_id: albumId,
          image_id: imageId,
          display_order: start + offset,
        })),
      )
      .execute();
  }
  return { ids, albumId };
}
