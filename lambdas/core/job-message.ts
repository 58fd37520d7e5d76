/**
 * The queue contract between the API and the worker: small, typed, versioned messages, one handler
 * per type in the worker (handlers/sqs/process-job.ts). A new field means a new version, and the worker
 * keeps accepting the old one until the queue drains.
 */
import { parseId } from './ids.ts';

/** Organize a job's photos into albums (`POST /api/galleries/process`). */
export interface ProcessJobMessageV1 {
  version: 1;
  type: 'process-job';
  jobId: string;
}

/** Design an album's page (`POST /api/albums/{albumId}/page/generate`); `requestId` tells stale ones. */
export interface GenerateAlbumPageMessageV1 {
  version: 1;
  type: 'generate-album-page';
  albumId: string;
  requestId: string;
}

export type JobMessage = ProcessJobMessageV1 | GenerateAlbumPageMessageV1;

export function processJobMessage(jobId: string): ProcessJobMessageV1 {
  return { version: 1, type: 'process-job', jobId };
}

export function generateAlbumPageMessage(albumId: string, requestId: string): GenerateAlbumPageMessageV1 {
  return { version: 1, type: 'generate-album-page', albumId, requestId };
}

export class InvalidJobMessageError extends Error {}

/** Parses a queue message body; anything unexpected is rejected with the reason. */
export function parseJobMessage(body: string): JobMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new InvalidJobMessageError('message body is not JSON');
  }
  if (typeof value !== 'object' || value === null)
    throw new InvalidJobMessageError('message is not an object');
  const message = value as Record<string, unknown>;
  if (message.version !== 1)
    throw new InvalidJobMessageError(`unsupported message version ${String(message.version)}`);
  const uuid = (field: string) => {
    const parsed = parseId(message[field]);
    if (parsed === null) throw new InvalidJobMessageError(`${field} is not a UUID`);
    return parsed;
  };
  switch (message.type) {
    case 'process-job':
      return processJobMessage(uuid('jobId'));
    case 'generate-album-page':
      return generateAlbumPageMessage(uuid('albumId'), uuid('requestId'));
    default:
      throw new InvalidJobMessageError(`unknown message type ${String(message.type).slice(0, 40)}`);
  }
}
