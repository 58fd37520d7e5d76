import type { PhotoInfo } from '../../core/use-cases/photo-info.ts';

/** The public shape of one photo's info: facts only, no storage keys or signed URLs. */
export function photoInfoBody({ photo, albums }: PhotoInfo) {
  return {
    id: photo.id,
    originalFilename: photo.originalFilename,
    contentType: photo.contentType,
    sizeBytes: photo.sizeBytes,
    width: photo.width,
    height: photo.height,
    takenAt: photo.takenAt?.toISOString() ?? null,
    takenAtSource: photo.takenAtSource,
    place: photo.place,
    // The display name ("Make Model"), a string as it was before the settings were kept (clients read
    // it); the settings beside it.
    camera: photo.camera,
    exif: photo.settings,
    // Rounded to about 100 m at ingest: the exact fix was never stored.
    location: photo.location,
    caption: photo.caption,
    tags: photo.tags,
    createdAt: photo.createdAt.toISOString(),
    trashedAt: photo.trashedAt?.toISOString() ?? null,
    albums,
  };
}
