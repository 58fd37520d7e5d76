import { ValidationError } from '../errors.ts';
import { fileModifiedWallClock } from '../photo-date.ts';
import type { Clock, IdGenerator, PhotoRepository, PhotoUrlSigner } from '../ports.ts';
import {
  type AllowedContentType,
  isAllowedContentType,
  MAX_FILE_BYTES,
  MAX_FILES_PER_REQUEST,
  originalKey,
  UPLOAD_URL_TTL_SECONDS,
} from '../upload-policy.ts';

export interface UploadRequestFile {
  name: string;
  contentType: string;
  size: number;
  /** The browser's File.lastModified (ms since 1970) and the device's UTC offset then, in minutes. */
  lastModified?: number | undefined;
  utcOffsetMinutes?: number | undefined;
}

export interface UploadTicket {
  key: string;
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

interface Deps {
  photos: PhotoRepository;
  urls: PhotoUrlSigner;
  ids: IdGenerator;
  clock: Clock;
}

/** Issues presigned PUT URLs under the caller's own prefix and records the expected uploads. */
export async function requestUploadUrls(
  deps: Deps,
  ownerId: string,
  files: UploadRequestFile[],
): Promise<UploadTicket[]> {
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
  });

  const expiresAt = new Date(deps.clock.now().getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
  const planned = files.map((file) => {
    const id = deps.ids.uuid();
    const contentType = file.contentType as AllowedContentType;
    return { id, file, contentType, key: originalKey(ownerId, id, contentType) };
  });

  await deps.photos.addAwaitingUpload(
    planned.map(({ id, file, contentType, key }) => ({
      id,
      ownerId,
      storageKey: key,
      originalFilename: file.name,
      contentType,
      sizeBytes: file.size,
      fileModifiedAt: fileModifiedWallClock(file.lastModified, file.utcOffsetMinutes, deps.clock.now()),
    })),
  );

  return Promise.all(
    planned.map(async ({ key, file, contentType }) => {
      const signed = await deps.urls.presignUpload({
        key,
        contentType,
        contentLength: file.size,
        expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
      });
      return { key, url: signed.url, method: 'PUT' as const, headers: signed.headers, expiresAt };
    }),
  );
}
