import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientOptions {
  region: string;
  /** An S3-compatible endpoint on loopback (local runtime and tests); absent in AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * One client per container. Checksums only when required: the SDK would otherwise add a CRC32 to every
 * request, and to URLs presigned through the client (the app's URLs are signed without one, see
 * s3-url-signer.ts, but tests compare them with URLs presigned through this client).
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}
