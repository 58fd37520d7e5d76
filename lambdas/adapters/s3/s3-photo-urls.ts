import type { DownloadOptions, PhotoUrlSigner, PresignedUpload } from '../../core/ports.ts';
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
   * at least `expiresInSeconds` from now (at most one window longer). With `signedAt` the caller
   * chooses the date instead and the URL lives exactly `expiresInSeconds` from it.
   */
  presignDownload(key: string, expiresInSeconds: number, options: DownloadOptions = {}): Promise<string> {
    const now = Date.now();
    const windowStart = now - (now % SIGNING_WINDOW_MS);
    if (windowStart !== this.#windowStart || this.#signed.size >= MAX_CACHED_URLS) {
      this.#signed.clear();
      this.#windowStart = windowStart;
    }
    const exact = options.signedAt !== undefined;
    const signingDate = options.signedAt ?? new Date(windowStart);
    const lifetime = exact ? expiresInSeconds : expiresInSeconds + SIGNING_WINDOW_MS / 1000;
    const disposition = options.downloadAs === undefined ? undefined : attachment(options.downloadAs);
    const cacheKey = `${signingDate.getTime()}:${lifetime}:${key}:${disposition ?? ''}`;
    const cached = this.#signed.get(cacheKey);
    if (cached) return cached;
    const url = this.#signer.sign({
      method: 'GET',
      key,
      signingDate,
      expiresInSeconds: lifetime,
      ...(disposition ? { query: { 'response-content-disposition': disposition } } : {}),
    });
    this.#signed.set(cacheKey, url);
    url.catch(() => this.#signed.delete(cacheKey));
    return url;
  }
}

/**
 * `attachment` with the file name twice (RFC 6266): a plain ASCII fallback with anything unsafe
 * replaced, and the exact name percent-encoded in UTF-8 (RFC 8187) for browsers that read it.
 */
export function attachment(fileName: string): string {
  const name = Array.from(fileName.toWellFormed()).slice(0, 200).join('');
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'photo';
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
