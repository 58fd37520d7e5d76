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
    camera: photo.camera,
    createdAt: photo.createdAt.toISOString(),
    trashedAt: photo.trashedAt?.toISOString() ?? null,
    albums,
  };
}
