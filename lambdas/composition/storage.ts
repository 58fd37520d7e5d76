import { createS3Client } from '../adapters/s3/s3-client.ts';
import { S3PhotoStorage } from '../adapters/s3/s3-photo-storage.ts';
import { type Env, storageConfig } from '../config.ts';
import type { PhotoStorage } from '../core/ports.ts';
import { endpointOptions } from './endpoint-options.ts';

/**
 * Photo storage on S3, or on the S3-compatible endpoint named by S3_ENDPOINT. `instrument` wraps the
 * client (the worker traces its calls).
 */
export function s3PhotoStorage(env: Env, instrument: <T>(client: T) => T = (client) => client): PhotoStorage {
  const config = storageConfig(env);
  const s3 = createS3Client({
    region: config.AWS_REGION,
    ...endpointOptions({ ...config, endpoint: config.S3_ENDPOINT }),
  });
  return new S3PhotoStorage(instrument(s3), config.UPLOADS_BUCKET);
}
