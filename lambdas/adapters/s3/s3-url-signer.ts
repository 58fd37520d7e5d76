import type { S3Client } from '@aws-sdk/client-s3';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

type PresignableRequest = Parameters<S3RequestPresigner['presign']>[0];

export interface UrlToSign {
  method: 'GET' | 'PUT';
  key: string;
  expiresInSeconds: number;
  /** Headers the request must carry exactly; all of them are signed. */
  signedHeaders?: Record<string, string>;
  /** Defaults to now; a fixed date makes the URL stable (download caching, tests). */
  signingDate?: Date;
}

/**
 * Presigned S3 URLs without building a command per URL.
 *
 * `getSignedUrl` runs the whole command middleware stack for every URL; that costs ~150 µs a URL
 * here and made signing 10 upload URLs the main cost of POST /api/uploads/generate-urls
 * (BENCHMARKS.md). This signer resolves the bucket's endpoint once, with the client's own S3
 * endpoint rules (regions, partitions, FIPS, path style, a local endpoint), and then signs each URL
 * with one reused `S3RequestPresigner` (~25 µs). The URLs are byte-identical to `getSignedUrl`'s
 * (test/integration/s3-url-signer.test.ts compares them), including the `x-id` marker the SDK adds.
 */
export class S3UrlSigner {
  readonly #s3: S3Client;
  readonly #bucket: string;
  #presigner: S3RequestPresigner | undefined;
  #bucketEndpoint: Promise<BucketEndpoint> | undefined;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  async sign(input: UrlToSign): Promise<string> {
    const endpoint = await this.#endpoint();
    const signedHeaders = Object.fromEntries(
      Object.entries(input.signedHeaders ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const request: PresignableRequest = {
      method: input.method,
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: endpoint.port } : {}),
      path: `${endpoint.basePath}/${encodeKey(input.key)}`,
      query: { 'x-id': input.method === 'PUT' ? 'PutObject' : 'GetObject' },
      headers: { host: endpoint.host, ...signedHeaders },
    };
    this.#presigner ??= new S3RequestPresigner({ ...this.#s3.config, signingName: 's3' });
    const signed = await this.#presigner.presign(request, {
      expiresIn: input.expiresInSeconds,
      signingRegion: endpoint.signingRegion,
      ...(input.signingDate ? { signingDate: input.signingDate } : {}),
      signableHeaders: new Set(Object.keys(signedHeaders)),
      // Kept as headers (not moved into the query string) so the upload must send them as signed.
      unhoistableHeaders: new Set(Object.keys(signedHeaders)),
    });
    return `${endpoint.origin}${signed.path}?${queryString(signed.query ?? {})}`;
  }

  #endpoint(): Promise<BucketEndpoint> {
    if (!this.#bucketEndpoint) {
      const resolving = resolveBucketEndpoint(this.#s3, this.#bucket);
      this.#bucketEndpoint = resolving;
      // A failed resolution (e.g. no region yet) is retried on the next call instead of remembered.
      resolving.catch(() => {
        if (this.#bucketEndpoint === resolving) this.#bucketEndpoint = undefined;
      });
    }
    return this.#bucketEndpoint;
  }
}

interface BucketEndpoint {
  protocol: string;
  hostname: string;
  port: number | undefined;
  /** `hostname[:port]`, as signed in the `host` header. */
  host: string;
  origin: string;
  /** `/bucket` with path-style addressing, empty with virtual-hosted style. */
  basePath: string;
  signingRegion: string;
}

/** Asks the client's S3 endpoint rule set where the bucket lives, as the SDK itself would. */
async function resolveBucketEndpoint(s3: S3Client, bucket: string): Promise<BucketEndpoint> {
  const config = s3.config;
  const region = await config.region();
  const custom = config.endpoint ? await config.endpoint() : undefined;
  const resolved = config.endpointProvider({
    Bucket: bucket,
    Region: region,
    UseFIPS: await config.useFipsEndpoint(),
    UseDualStack: await config.useDualstackEndpoint(),
    ForcePathStyle: config.forcePathStyle ?? false,
    ...(custom
      ? {
          Endpoint: `${custom.protocol}//${custom.hostname}${custom.port ? `:${custom.port}` : ''}${custom.path}`,
        }
      : {}),
  });
  const url = resolved.url;
  const authScheme = (
    resolved.properties?.authSchemes as
      | Array<{ name?: string; signingName?: string; signingRegion?: string }>
      | undefined
  )?.[0];
  // Plain buckets sign with SigV4 as "s3"; access points, S3 Express or Outposts would not: refuse them
  // loudly rather than hand out URLs S3 would reject.
  if (authScheme && (authScheme.name !== 'sigv4' || (authScheme.signingName ?? 's3') !== 's3')) {
    throw new Error(
      `S3UrlSigner signs plain buckets only (sigv4, s3); ${bucket} needs ${authScheme.name}/${authScheme.signingName}`,
    );
  }
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    host: url.host,
    origin: url.origin,
    basePath: url.pathname.replace(/\/+$/, ''),
    signingRegion: authScheme?.signingRegion ?? region,
  };
}

/** Encodes each segment of a key the way S3 expects, `/` kept as the separator. */
function encodeKey(key: string): string {
  return key.split('/').map(rfc3986).join('/');
}

/** The presigned query (all values are strings), sorted and escaped as the SDK's formatUrl does. */
function queryString(query: Record<string, unknown>): string {
  return Object.keys(query)
    .sort()
    .map((name) => `${rfc3986(name)}=${rfc3986(String(query[name]))}`)
    .join('&');
}

/** encodeURIComponent plus the reserved characters it leaves alone (RFC 3986). */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
