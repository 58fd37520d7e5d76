import { ALREADY_IN_LIBRARY } from '../duplicates.ts';
import { ValidationError } from '../errors.ts';
import { fileModifiedWallClock } from '../photo-date.ts';
import type { Clock, IdGenerator, PhotoRepository, PhotoUrlSigner } from '../ports.ts';
import {
  type AllowedContentType,
  isAllowedContentType,
  MAX_FILE_BYTES,
  MAX_FILES_PER_REQUEST,
  originalKey,
  SHA256_HEX,
  UPLOAD_URL_TTL_SECONDS,
} from '../upload-policy.ts';

export interface UploadRequestFile {
  name: string;
  contentType: string;
  size: number;
  /** The browser's File.lastModified (ms since 1970) and the device's UTC offset then, in minutes. */
  lastModified?: number | undefined;
  utcOffsetMinutes?: number | undefined;
  /** The file's SHA-256, 64 lower-case hex digits: finds it in the library and signs the upload's checksum. */
  sha256?: string | undefined;
}

/** Upload the file: PUT it to `url` with exactly `headers`. */
export interface UploadTicket {
  status: 'upload';
  key: string;
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * The file is already in the library (or earlier in this request): nothing to upload. `key` and
 * `imageId` name the photo that has it; `organized` false means it is not in an album yet, and the
 * client should organize `key` with the rest.
 */
export interface DuplicateTicket {
  status: 'duplicate';
  key: string;
  imageId: string;
  organized: boolean;
  message: typeof ALREADY_IN_LIBRARY;
}

interface Deps {
  photos: PhotoRepository;
  urls: PhotoUrlSigner;
  ids: IdGenerator;
  clock: Clock;
}

/**
 * Issues presigned PUT URLs under the caller's own prefix and records the expected uploads. A file
 * whose SHA-256 the caller's library already holds (or an earlier file of the same request) gets no
 * URL: it is answered as a duplicate of that photo, in the same place of the list.
 */
export async function requestUploadUrls(
  deps: Deps,
  ownerId: string,
  files: UploadRequestFile[],
): Promise<(UploadTicket | DuplicateTicket)[]> {
  validate(files);

  const hashes = [...new Set(files.flatMap((file) => (file.sha256 ? [file.sha256] : [])))];
  const inLibrary = new Map(
    (await deps.photos.findLibraryCopies(ownerId, hashes)).map((copy) => [copy.sha256, copy]),
  );

  const expiresAt = new Date(deps.clock.now().getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
  const firstInRequest = new Map<string, { id: string; key: string }>();
  const answers = files.map((file) => {
    const copy = file.sha256 ? inLibrary.get(file.sha256) : undefined;
    if (copy) return duplicate({ key: copy.storageKey, imageId: copy.imageId, organized: copy.organized });
    const earlier = file.sha256 ? firstInRequest.get(file.sha256) : undefined;
    if (earlier) return duplicate({ key: earlier.key, imageId: earlier.id, organized: false });
    const id = deps.ids.uuid();
    const contentType = file.contentType as AllowedContentType;
    const planned = { id, file, contentType, key: originalKey(ownerId, id, contentType) };
    if (file.sha256) firstInRequest.set(file.sha256, planned);
    return planned;
  });
  const planned = answers.filter((answer) => 'file' in answer);

  await deps.photos.addAwaitingUpload(
    planned.map(({ id, file, contentType, key }) => ({
      id,
      ownerId,
      storageKey: key,
      originalFilename: file.name,
      contentType,
      sizeBytes: file.size,
      fileModifiedAt: fileModifiedWallClock(file.lastModified, file.utcOffsetMinutes, deps.clock.now()),
      declaredSha256: file.sha256 ?? null,
    })),
  );

  return Promise.all(
    answers.map(async (answer): Promise<UploadTicket | DuplicateTicket> => {
      if (!('file' in answer)) return answer;
      const { key, file, contentType } = answer;
      const signed = await deps.urls.presignUpload({
        key,
        contentType,
        contentLength: file.size,
        expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
        sha256: file.sha256,
      });
      return { status: 'upload', key, url: signed.url, method: 'PUT', headers: signed.headers, expiresAt };
    }),
  );
}

function duplicate(photo: { key: string; imageId: string; organized: boolean }): DuplicateTicket {
  return { status: 'duplicate', ...photo, message: ALREADY_IN_LIBRARY };
}

function validate(files: UploadRequestFile[]): void {
  if (files.length === 0) throw new ValidationError('files must list at least one file');
  if (files.length > MAX_FILES_PER_REQUEST) {
    throw new ValidationError(`at most ${MAX_FILES_PER_REQUEST} files per request`, {
      limit: MAX_FILES_PER_REQUEST,
    });
  }
  files.forEach((file, index) => {
    if (!isAllowedContentType(file.contentType)) {
      throw new ValidationError(
        `files[${index}].contentType ${file.contentType} is not allowed`,
        {
          field: `files[${index}].contentType`,
        },
        'unsupported_media_type',
      );
    }
    if (file.size > MAX_FILE_BYTES) {
      throw new ValidationError(
        `files[${index}].size exceeds ${MAX_FILE_BYTES} bytes`,
        {
          field: `files[${index}].size`,
          limit: MAX_FILE_BYTES,
        },
        'file_too_large',
      );
    }
    if (file.sha256 !== undefined && !SHA256_HEX.test(file.sha256)) {
      throw new ValidationError(
        `files[${index}].sha256 must be the file's SHA-256 as 64 lower-case hex digits`,
        {
          field: `files[${index}].sha256`,
        },
      );
    }
  });
}
