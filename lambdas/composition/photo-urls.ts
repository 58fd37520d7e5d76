/**
 * Signed photo URLs, for the routes that hand them out. Kept apart from storage.ts so that those
 * routes bundle the SDK's presigner and nothing of the S3 client (BENCHMARKS.md, "Cold start").
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { S3PhotoUrls } from '../adapters/s3/s3-photo-urls.ts';
import { bucketLocation, S3UrlSigner } from '../adapters/s3/s3-url-signer.ts';
import { type Env, urlSigningConfig } from '../config.ts';
import type { PhotoUrlSigner } from '../core/ports.ts';
import { endpointOptions } from './endpoint-options.ts';

/**
 * Locally: the S3-compatible endpoint and its static keys. In AWS: the bucket's regional domain name
 * and the function role's keys from the environment, session token included (what the SDK's default
 * chain would find first in a Lambda, without shipping the rest of the chain).
 */
export function s3PhotoUrls(env: Env): PhotoUrlSigner {
  const config = urlSigningConfig(env);
  const where = { bucket: config.UPLOADS_BUCKET, region: config.AWS_REGION };
  const local = endpointOptions({ ...config, endpoint: config.S3_ENDPOINT }).credentials;
  const location = config.S3_ENDPOINT
    ? bucketLocation({ ...where, endpoint: config.S3_ENDPOINT })
    : // urlSigningConfig requires UPLOADS_BUCKET_DOMAIN when there is no S3_ENDPOINT.
      bucketLocation({ ...where, domain: config.UPLOADS_BUCKET_DOMAIN as string });
  return new S3PhotoUrls(new S3UrlSigner({ location, credentials: local ?? fromEnv() }));
}
