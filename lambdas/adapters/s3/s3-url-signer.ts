import { formatUrl } from '@aws-sdk/core/util';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@smithy/core/checksum';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

type PresignableRequest = Parameters<S3RequestPresigner['presign']>[0];

export interface UrlToSign {
  method: 'GET' | 'PUT';
  key: string;
  expiresInSeconds: number;
  /** Headers the request must carry exactly; all of them are signed. */
  signedHeaders?: Record<string, string>;
  /** Defaults to now; a fixed date makes the URL stable (download caching, tests). */
  signingDate?: Date;
  /** Extra query parameters, signed with the rest (e.g. `response-content-disposition`). */
  query?: Record<string, string>;
}

/** Where a bucket's objects are addressed, and the region that signs for it. */
export interface BucketLocation {
  /** `https:`, or `http:` for a local endpoint. */
  protocol: string;
  hostname: string;
  port: number | undefined;
  /** `hostname[:port]`, as signed in the `host` header. */
  host: string;
  /** `/bucket` with path-style addressing, empty with virtual-hosted style. */
  basePath: string;
  region: string;
}

/**
 * In AWS, the bucket's regional domain name (`bucket.s3.<region>.amazonaws.com`, `.com.cn` in China),
 * which CloudFormation resolves for the stack: virtual-hosted style, as the SDK addresses a plain
 * bucket. (Should CloudFormation name a us-east-1 bucket by the legacy global `bucket.s3.amazonaws.com`,
 * S3 accepts SigV4 for us-east-1 there too.) Locally, an S3-compatible endpoint with the bucket in the path.
 */
export function bucketLocation(
  options: { bucket: string; region: string } & ({ domain: string } | { endpoint: string }),
): BucketLocation {
  const path = 'endpoint' in options;
  const url = new URL(path ? options.endpoint : `https://${options.domain}`);
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    host: url.host,
    basePath: path ? `${url.pathname.replace(/\/+$/, '')}/${encodeKey(options.bucket)}` : '',
    region: options.region,
  };
}

/**
 * Presigned S3 URLs with the SDK's own S3 presigner, without an S3 client.
 *
 * `getSignedUrl` needs a client and runs its whole command middleware stack per URL (~150 µs a URL
 * here; it made signing the main cost of POST /api/uploads/generate-urls), and the client with its
 * endpoint rules and credential chain is most of a Lambda bundle. This signer is given the bucket's
 * location once and signs each URL with one reused `S3RequestPresigner` (~30 µs). The URLs are
 * byte-identical to `getSignedUrl`'s (test/integration/s3-url-signer.test.ts compares them),
 * including the `x-id` marker the SDK adds.
 */
export class S3UrlSigner {
  readonly #location: BucketLocation;
  readonly #presigner: S3RequestPresigner;

  constructor(options: {
    location: BucketLocation;
    credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  }) {
    this.#location = options.location;
    this.#presigner = new S3RequestPresigner({
      credentials: options.credentials,
      region: options.location.region,
      sha256: Sha256,
      signingName: 's3',
    });
  }

  async sign(input: UrlToSign): Promise<string> {
    const location = this.#location;
    const signedHeaders = Object.fromEntries(
      Object.entries(input.signedHeaders ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const request: PresignableRequest = {
      method: input.method,
      protocol: location.protocol,
      hostname: location.hostname,
      ...(location.port ? { port: location.port } : {}),
      path: `${location.basePath}/${encodeKey(input.key)}`,
      query: { ...input.query, 'x-id': input.method === 'PUT' ? 'PutObject' : 'GetObject' },
      headers: { host: location.host, ...signedHeaders },
    };
    const signed = await this.#presigner.presign(request, {
      expiresIn: input.expiresInSeconds,
      ...(input.signingDate ? { signingDate: input.signingDate } : {}),
      signableHeaders: new Set(Object.keys(signedHeaders)),
      // Kept as headers (not moved into the query string) so the upload must send them as signed.
      unhoistableHeaders: new Set(Object.keys(signedHeaders)),
    });
    return formatUrl(signed);
  }
}

/** Encodes each segment of a key the way S3 expects, `/` kept as the separator. */
function encodeKey(key: string): string {
  return key.split('/').map(rfc3986).join('/');
}

/** encodeURIComponent plus the reserved characters it leaves alone (RFC 3986). */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
