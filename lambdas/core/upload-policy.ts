/** What may be uploaded, and how much. Documented in the README's API section. */

export const ALLOWED_CONTENT_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
} as const;

export type AllowedContentType = keyof typeof ALLOWED_CONTENT_TYPES;

export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** The largest `lastModified` an upload may send: 2100-01-01 in milliseconds (beyond it is no time). */
export const LAST_MODIFIED_MAX = 4_102_444_800_000;
export const MAX_FILES_PER_REQUEST = 100;
export const MAX_IMAGES_PER_JOB = 500;
/** Photo ids one bulk request (add, move, remove, trash, a new album) may name: one job's worth. */
export const MAX_BULK_PHOTOS = MAX_IMAGES_PER_JOB;
/** The limits in words, for the errors that enforce them (clients show them to people as they are). */
export const TOO_MANY_FILES_MESSAGE = `at most ${MAX_FILES_PER_REQUEST} files per request: ask for the rest in further requests`;
export const TOO_MANY_PHOTOS_MESSAGE =
  `at most ${MAX_IMAGES_PER_JOB} photos can be organized in one job: organize a larger batch as several ` +
  `jobs of ${MAX_IMAGES_PER_JOB} or fewer, one after the other (later jobs join the albums of earlier ones)`;
export const MAX_FILENAME_LENGTH = 255;
export const UPLOAD_URL_TTL_SECONDS = 5 * 60;
/** A file's SHA-256 as the client announces it: 64 lower-case hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const DOWNLOAD_URL_TTL_SECONDS = 60 * 60;
/** Originals never organized are expired by storage this many days after their upload (the bucket's lifecycle rule). */
export const UNORGANIZED_ORIGINAL_DAYS = 7;
/** Their records go a day later, once nothing can still point at the object. */
export const UNORGANIZED_RECORD_DAYS = UNORGANIZED_ORIGINAL_DAYS + 1;

export function isAllowedContentType(value: string): value is AllowedContentType {
  return Object.hasOwn(ALLOWED_CONTENT_TYPES, value);
}

/** Whether the object at `storageKey` is `ownerId`'s: the server makes every key under its owner's prefix. */
export function isOwnersKey(ownerId: string, storageKey: string): boolean {
  return storageKey.startsWith(`users/${ownerId}/`);
}

/** Storage keys live under the owner's prefix; the photo's id names its folder. */
export function originalKey(ownerId: string, photoId: string, contentType: AllowedContentType): string {
  return `users/${ownerId}/photos/${photoId}/original.${ALLOWED_CONTENT_TYPES[contentType]}`;
}

/** The preview sits next to its original. */
export function previewKey(originalStorageKey: string): string {
  return originalStorageKey.replace(/\/original\.[a-z]+$/, '/preview.jpg');
}

/** So does the grid thumbnail. */
export function thumbnailKey(originalStorageKey: string): string {
  return originalStorageKey.replace(/\/original\.[a-z]+$/, '/thumbnail.jpg');
}

/** And the small rendition the model is shown, written once by ingest. */
export function modelImageKey(originalStorageKey: string): string {
  return originalStorageKey.replace(/\/original\.[a-z]+$/, '/model.jpg');
}

/** Every file of a photo in storage: the original and the renditions written beside it. */
export function photoFileKeys(original: string): string[] {
  return [original, previewKey(original), thumbnailKey(original), modelImageKey(original)];
}

/** Whether a storage key names an uploaded original (what ingest reads), not one of its renditions. */
export function isOriginalKey(storageKey: string): boolean {
  return /^users\/[^/]+\/photos\/[^/]+\/original\.[a-z]+$/.test(storageKey);
}

/**
 * What storage notifies ingest about: objects created under this prefix whose names end in one of
 * these suffixes (one S3 notification filter per suffix; renditions never match, so writing them
 * cannot start another ingest). The local runtime applies the same filter to s3rver's events.
 */
export const INGEST_NOTIFICATION = {
  prefix: 'users/',
  suffixes: Object.values(ALLOWED_CONTENT_TYPES).map((extension) => `/original.${extension}`),
} as const;

/** Whether storage would notify ingest about an object created at `key`. */
export function notifiesIngest(key: string): boolean {
  return (
    key.startsWith(INGEST_NOTIFICATION.prefix) && INGEST_NOTIFICATION.suffixes.some((s) => key.endsWith(s))
  );
}
