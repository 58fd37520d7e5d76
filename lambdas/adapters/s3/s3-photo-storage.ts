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
import type { PhotoStorage, PresignedUpload, StoredObjectInfo } from '../../core/ports.ts';
import { S3UrlSigner } from './s3-url-signer.ts';

/**
 * PhotoStorage on S3 (or an S3-compatible endpoint locally).
 * The client MUST be built with `requestChecksumCalculation: 'WHEN_REQUIRED'` (see createS3Client):
 * otherwise presigned PUTs carry the CRC32 of an empty body and real S3 rejects every upload.
 */
const SIGNING_WINDOW_MS = 15 * 60 * 1000;

/**
 * Originals arrive tagged `uploaded` (the tag is part of the signed PUT) and are re-tagged `kept` once
 * the worker has read them; the bucket's lifecycle expires what is still `uploaded` after a grace
 * period, so abandoned and unreadable uploads do not pile up. lib/constructs/uploads.ts holds the rule.
 */
export const UPLOAD_STATE_TAG = 'momentarium-state';
const UPLOADED = `${UPLOAD_STATE_TAG}=uploaded`;
const MAX_CACHED_URLS = 50_000;

export class S3PhotoStorage implements PhotoStorage {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #signer: S3UrlSigner;
  readonly #signed = new Map<string, Promise<string>>();
  #windowStart = 0;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#signer = new S3UrlSigner(s3, bucket);
  }

  async presignUpload(input: {
    key: string;
    contentType: string;
    contentLength: number;
    expiresInSeconds: number;
  }): Promise<PresignedUpload> {
    const url = await this.#signer.sign({
      method: 'PUT',
      key: input.key,
      expiresInSeconds: input.expiresInSeconds,
      // Signed, so the upload must carry exactly this type, this many bytes and the upload tag.
      signedHeaders: {
        'content-type': input.contentType,
        'content-length': String(input.contentLength),
        'x-amz-tagging': UPLOADED,
      },
    });
    // Browsers set Content-Length themselves (it is a forbidden header); the body must be `size` bytes.
    return { url, headers: { 'Content-Type': input.contentType, 'x-amz-tagging': UPLOADED } };
  }

  /**
   * Download URLs are signed as of the start of a 15-minute window, so the same photo gets the same
   * URL for the whole window: browsers and CDNs can cache previews across page loads, and a gallery
   * of 1,000 photos is signed once per window instead of on every request. Each URL stays valid for
   * at least `expiresInSeconds` from now (at most one window longer).
   */
  presignDownload(key: string, expiresInSeconds: number): Promise<string> {
    const now = Date.now();
    const windowStart = now - (now % SIGNING_WINDOW_MS);
    if (windowStart !== this.#windowStart || this.#signed.size >= MAX_CACHED_URLS) {
      this.#signed.clear();
      this.#windowStart = windowStart;
    }
    const cacheKey = `${expiresInSeconds}:${key}`;
    const cached = this.#signed.get(cacheKey);
    if (cached) return cached;
    const url = this.#signer.sign({
      method: 'GET',
      key,
      signingDate: new Date(windowStart),
      expiresInSeconds: expiresInSeconds + SIGNING_WINDOW_MS / 1000,
    });
    this.#signed.set(cacheKey, url);
    url.catch(() => this.#signed.delete(cacheKey));
    return url;
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
        Tagging: { TagSet: [{ Key: UPLOAD_STATE_TAG, Value: 'kept' }] },
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
