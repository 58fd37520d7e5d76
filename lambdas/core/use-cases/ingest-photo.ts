/**
 * Reads a photo as it lands (ingest): when storage reports a new original, it is validated, decoded
 * and auto-rotated once; its preview, grid thumbnail and model rendition are written beside it; its
 * facts (size, capture time and where it came from, nearest town, camera and its settings, the GPS
 * fix rounded to about 100 m — the exact fix never leaves this use case) and fingerprints (SHA-256,
 * perceptual hash) are recorded, and it becomes `analyzed` — or `rejected` with the same reasons the
 * worker used to give, or because its bytes are not the ones the uploader announced (declared
 * SHA-256), or because the owner's library already has the same bytes (the earlier photo stays).
 * When its owner turned people recognition on, the faces it shows are found, described and assigned
 * to the owner's people before it becomes `analyzed` (so organizing sees them).
 *
 * Idempotent: the current bytes are read whatever the event said, the renditions overwrite the same
 * keys and the record is set, not added to. A duplicate or late event reads the same object again; a
 * re-upload to the same key reads the new bytes.
 */
import { CHECKSUM_MISMATCH_REASON, duplicateReason } from '../duplicates.ts';
import { FaceReaderUnavailableError, ImageRejectedError } from '../errors.ts';
import type { Photo } from '../model.ts';
import { choosePhotoDate } from '../photo-date.ts';
import { coarseLocation } from '../photo-details.ts';
import type {
  FaceReader,
  FoundFace,
  ImageAnalyzer,
  Logger,
  PeopleRepository,
  PhotoRepository,
  PhotoStorage,
  PlaceResolver,
  ProgressPublisher,
  SettingsRepository,
} from '../ports.ts';
import { reportProgress } from '../progress.ts';
import { isOriginalKey, modelImageKey, previewKey, thumbnailKey } from '../upload-policy.ts';
import { coarsePlace } from './organize-photos.ts';

export interface IngestPhotoDeps {
  photos: PhotoRepository;
  storage: PhotoStorage;
  analyzer: ImageAnalyzer;
  places: PlaceResolver;
  settings: SettingsRepository;
  faces: FaceReader;
  people: PeopleRepository;
  logger: Logger;
  /** Tells the owner's open pages each photo's outcome as it is read (best effort). */
  progress: ProgressPublisher;
}

/**
 * - analyzed / rejected: the photo was read.
 * - ignored: not an original (a rendition), or no photo record names it (never ours, or forgotten).
 * - missing: the object is gone (deleted after the event was sent).
 */
export type IngestOutcome = 'analyzed' | 'rejected' | 'ignored' | 'missing';

export async function ingestPhoto(deps: IngestPhotoDeps, storageKey: string): Promise<IngestOutcome> {
  if (!isOriginalKey(storageKey)) return 'ignored';
  const photo = await deps.photos.findByStorageKey(storageKey);
  if (!photo) {
    deps.logger.warn('no photo record for an uploaded object; ignoring it', { storageKey });
    return 'ignored';
  }
  const bytes = await deps.storage.get(storageKey);
  if (bytes === null) return 'missing';

  const reject = async (reason: string): Promise<IngestOutcome> => {
    // New bytes that are no photo show nobody: faces of earlier bytes go — only when the rejection
    // was recorded (an organized photo keeps its renditions, and its faces with them).
    if (await deps.photos.recordIngestRejected(photo.id, reason)) {
      if ((await deps.settings.get(photo.ownerId)).peopleRecognition)
        await deps.people.recordFaces(photo.ownerId, photo.id, []);
      await reportProgress(deps, photo.ownerId, {
        type: 'photo',
        imageId: photo.id,
        key: storageKey,
        status: 'rejected',
        reason,
      });
    }
    deps.logger.info('photo rejected', { imageId: photo.id, reason });
    return 'rejected';
  };
  // The upload URL signed the size, but the local S3 emulator does not enforce it.
  if (bytes.byteLength > photo.sizeBytes) return reject('the file is larger than declared');

  let image: Awaited<ReturnType<ImageAnalyzer['analyze']>>;
  try {
    image = await deps.analyzer.analyze(bytes, photo.contentType);
  } catch (error) {
    if (error instanceof ImageRejectedError) return reject(error.message);
    throw error;
  }
  // Real S3 refuses bytes that do not match the checksum the upload URL signed; the local emulator
  // does not, and a URL signed before hashes were sent carries none: the bytes are checked here.
  if (photo.declaredSha256 !== null && image.sha256 !== photo.declaredSha256)
    return reject(CHECKSUM_MISMATCH_REASON);
  const keys = {
    previewKey: previewKey(storageKey),
    thumbnailKey: thumbnailKey(storageKey),
    modelKey: modelImageKey(storageKey),
  };
  await Promise.all([
    deps.storage.put(keys.previewKey, image.preview, 'image/jpeg'),
    deps.storage.put(keys.thumbnailKey, image.thumbnail, 'image/jpeg'),
    deps.storage.put(keys.modelKey, image.modelImage, 'image/jpeg'),
  ]);
  if ((await deps.settings.get(photo.ownerId)).peopleRecognition)
    await readPeople(deps, photo, image.modelImage);
  const place = coarsePlace(image.gps, deps.places);
  const date = choosePhotoDate({
    exif: image.takenAt,
    fileName: photo.originalFilename,
    fileModifiedAt: photo.fileModifiedAt,
  });
  const recorded = await deps.photos.recordIngested({
    imageId: photo.id,
    ...keys,
    width: image.width,
    height: image.height,
    takenAt: date?.takenAt ?? null,
    takenAtSource: date?.source ?? null,
    place,
    camera: image.camera,
    settings: image.settings,
    location: image.gps ? coarseLocation(image.gps.latitude, image.gps.longitude) : null,
    sha256: image.sha256,
    perceptualHash: image.perceptualHash,
    look: image.look,
  });
  if (recorded.kind === 'duplicate') {
    // The same bytes are already in the library (uploaded without a hash, or twice at once): the
    // earlier photo stays, this one was rejected with the original's name, and shows nobody.
    if ((await deps.settings.get(photo.ownerId)).peopleRecognition)
      await deps.people.recordFaces(photo.ownerId, photo.id, []);
    deps.logger.info('photo rejected', { imageId: photo.id, duplicateOf: recorded.original.imageId });
    await reportProgress(deps, photo.ownerId, {
      type: 'photo',
      imageId: photo.id,
      key: storageKey,
      status: 'rejected',
      reason: duplicateReason(recorded.original.originalFilename),
    });
    return 'rejected';
  }
  await reportProgress(deps, photo.ownerId, {
    type: 'photo',
    imageId: photo.id,
    key: storageKey,
    status: 'ready',
  });
  return 'analyzed';
}

/**
 * The photo's faces, assigned to its owner's people. A photo the face reader fails on costs the
 * photo its people, never the photo: it is logged as an error and the photo is read with no faces
 * (any its earlier bytes had are dropped). A reader that cannot read at all (its models did not load)
 * and a database failure are retried like any other failure.
 */
async function readPeople(deps: IngestPhotoDeps, photo: Photo, modelImage: Uint8Array): Promise<void> {
  let faces: FoundFace[] = [];
  try {
    faces = await deps.faces.read(modelImage);
  } catch (error) {
    if (error instanceof FaceReaderUnavailableError) throw error;
    deps.logger.error('faces could not be read; the photo is kept without its people', {
      imageId: photo.id,
      error: String(error),
    });
  }
  await deps.people.recordFaces(photo.ownerId, photo.id, faces);
}
