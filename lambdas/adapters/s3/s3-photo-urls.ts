import type { PhotoUrlSigner, PresignedUpload } from '../../core/ports.ts';
import type { S3UrlSigner } from './s3-url-signer.ts';
import { UPLOADED_TAGGING } from './upload-state.ts';

const SIGNING_WINDOW_MS = 15 * 60 * 1000;
const MAX_CACHED_URLS = 50_000;

/** Upload and download URLs for the photo bucket, signed locally (no request to S3). */
export class S3PhotoUrls implements PhotoUrlSigner {
  readonly #signer: S3UrlSigner;
  readonly #signed = new Map<string, Promise<string>>();
  #windowStart = 0;

  constructor(signer: S3UrlSigner) {
    this.#signer = signer;
  }

  async presignUpload(input: {
    key: string;
    contentType: string;
    contentLength: number;
    expiresInSeconds: number;
    sha256?: string | undefined;
  }): Promise<PresignedUpload> {
    // S3 verifies a checksum only when it comes as a (signed) header: one hoisted into the query
    // string, as the SDK's presigner does by default, is ignored (aws/aws-sdk issue 480). The signer
    // keeps every signed header a header.
    const checksum: Record<string, string> = input.sha256
      ? { 'x-amz-checksum-sha256': Buffer.from(input.sha256, 'hex').toString('base64') }
      : {};
    const url = await this.#signer.sign({
      method: 'PUT',
      key: input.key,
      expiresInSeconds: input.expiresInSeconds,
      // Signed, so the upload must carry exactly this type, this many bytes, the upload tag and, when
      // the client sent the file's hash, these bytes (S3 answers 400 BadDigest to others).
      signedHeaders: {
        'content-type': input.contentType,
        'content-length': String(input.contentLength),
        'x-amz-tagging': UPLOADED_TAGGING,
        ...checksum,
      },
    });
    // Browsers set Content-Length themselves (it is a forbidden header); the body must be `size` bytes.
    return {
      url,
      headers: { 'Content-Type': input.contentType, 'x-amz-tagging': UPLOADED_TAGGING, ...checksum },
    };
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
}
