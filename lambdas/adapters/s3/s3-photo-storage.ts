import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { PhotoStorage, StoredObjectInfo } from '../../core/ports.ts';
import { KEPT, UPLOAD_STATE_TAG } from './upload-state.ts';

/**
 * The photo objects on S3 (or an S3-compatible endpoint locally): checking uploads, reading originals,
 * writing previews, tagging what was kept, deleting. Signed URLs are S3PhotoUrls' job.
 */
export class S3PhotoStorage implements PhotoStorage {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    try {
      const head = await this.#s3.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return { contentLength: head.ContentLength ?? 0, contentType: head.ContentType };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const object = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async keep(key: string): Promise<void> {
    await this.#s3.send(
      new PutObjectTaggingCommand({
        Bucket: this.#bucket,
        Key: key,
        Tagging: { TagSet: [{ Key: UPLOAD_STATE_TAG, Value: KEPT }] },
      }),
    );
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  /** S3 answers 204 whether or not the object existed, which is what the port asks for. */
  async delete(key: string): Promise<void> {
    await this.#s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof NotFound || error instanceof NoSuchKey) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 404;
}
