import type { GalleryPhoto, Job, JobResult, Photo, PhotoLikeness } from '../../core/model.ts';
import { shownDateSource } from '../../core/photo-date.ts';
import type { ImageRow, JobRow } from './schema.ts';

export function toPhoto(row: ImageRow): Photo {
  return {
    id: row.id,
    ownerId: row.owner_id,
    storageKey: row.storage_key,
    previewKey: row.preview_key,
    thumbnailKey: row.thumbnail_key,
    originalFilename: row.original_filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    width: row.width,
    height: row.height,
    takenAt: row.taken_at,
    takenAtSource: shownDateSource(row.taken_at, row.taken_at_source),
    fileModifiedAt: row.file_modified_at,
    place: row.place_city && row.place_country ? { city: row.place_city, country: row.place_country } : null,
    status: row.status,
    rejectionReason: row.rejection_reason,
    modelKey: row.model_key,
    camera: row.camera,
    settings: {
      make: row.camera_make,
      model: row.camera_model,
      lens: row.lens,
      exposureSeconds: row.exposure_seconds,
      fNumber: row.f_number,
      iso: row.iso,
      focalLengthMm: row.focal_length_mm,
    },
    location:
      row.latitude !== null && row.longitude !== null
        ? { latitude: row.latitude, longitude: row.longitude }
        : null,
    caption: row.caption,
    tags: row.tags,
    look: row.look,
    declaredSha256: row.declared_sha256,
    trashedAt: row.trashed_at,
    createdAt: row.created_at,
  };
}

/** The columns every listed photo needs, from `images as i`. */
export const photoColumns = [
  'i.id',
  'i.storage_key',
  'i.preview_key',
  'i.thumbnail_key',
  'i.original_filename',
  'i.content_type',
  'i.width',
  'i.height',
  'i.taken_at',
  'i.taken_at_source',
] as const;

/** What stacking near duplicates reads, from `images as i`. */
export const likenessColumns = ['i.perceptual_hash', 'i.look', 'i.size_bytes', 'i.created_at'] as const;

/** A photo as an album lists it: `photoColumns` and its likeness, plus its place in `album_images as ai`. */
export const galleryPhotoColumns = ['ai.display_order', ...photoColumns, ...likenessColumns] as const;

type PhotoColumnsRow = Pick<
  ImageRow,
  | 'id'
  | 'storage_key'
  | 'preview_key'
  | 'thumbnail_key'
  | 'original_filename'
  | 'content_type'
  | 'width'
  | 'height'
  | 'taken_at'
  | 'taken_at_source'
>;

type LikenessRow = Pick<ImageRow, 'perceptual_hash' | 'look' | 'size_bytes' | 'created_at'>;

export function toLikeness(row: LikenessRow): PhotoLikeness {
  return {
    perceptualHash: row.perceptual_hash,
    look: row.look,
    sizeBytes: row.size_bytes,
    createdAt: row.created_at,
  };
}

export function toListedPhoto(row: PhotoColumnsRow): Omit<GalleryPhoto, 'displayOrder' | 'likeness'> {
  return {
    id: row.id,
    storageKey: row.storage_key,
    previewKey: row.preview_key,
    thumbnailKey: row.thumbnail_key,
    originalFilename: row.original_filename,
    contentType: row.content_type,
    width: row.width,
    height: row.height,
    takenAt: row.taken_at,
    takenAtSource: shownDateSource(row.taken_at, row.taken_at_source),
  };
}

export function toGalleryPhoto(row: PhotoColumnsRow & LikenessRow & { display_order: number }): GalleryPhoto {
  return { ...toListedPhoto(row), displayOrder: row.display_order, likeness: toLikeness(row) };
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    ownerId: row.owner_id,
    status: row.status,
    imageKeys: row.image_keys,
    attempts: row.attempts,
    error: row.error,
    result: (row.result_data as JobResult | null) ?? null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    undoneAt: row.undone_at,
  };
}
