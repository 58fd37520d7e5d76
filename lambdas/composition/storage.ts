import { createS3Client } from '../adapters/s3/s3-client.ts';
import { S3PhotoStorage } from '../adapters/s3/s3-photo-storage.ts';
import { type Env, storageConfig } from '../config.ts';
import type { PhotoStorage } from '../core/ports.ts';
import { endpointCredentials } from './endpoint-credentials.ts';

/** Photo storage on S3, or on the S3-compatible endpoint named by S3_ENDPOINT. */
export function s3PhotoStorage(env: Env): PhotoStorage {
  const config = storageConfig(env);
  const s3 = createS3Client({
    region: config.AWS_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    ...endpointCredentials(config),
  });
  return new S3PhotoStorage(s3, config.UPLOADS_BUCKET);
}
