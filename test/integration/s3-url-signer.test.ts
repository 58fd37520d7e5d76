import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createS3Client, type S3ClientOptions } from '../../lambdas/adapters/s3/s3-client.ts';
import { S3UrlSigner } from '../../lambdas/adapters/s3/s3-url-signer.ts';

// s3rver does not verify signatures, so the signer is held to the SDK's own getSignedUrl instead:
// same inputs, same instant, same credentials → the same URL, byte for byte.
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const signingDate = new Date('2026-11-24T10:00:00Z');
const tagging = 'momentarium-state=uploaded';

const setups: Array<[string, S3ClientOptions, string]> = [
  ['AWS, virtual-hosted style', { region: 'eu-west-1', credentials }, 'momentarium-uploads-abc123'],
  ['AWS China partition', { region: 'cn-north-1', credentials }, 'photos'],
  [
    // A Lambda role's credentials carry a session token, which a presigned URL must include.
    'AWS with session credentials',
    { region: 'us-east-1', credentials: { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/+token=' } },
    'momentarium-uploads-abc123',
  ],
  [
    'a local endpoint, path style',
    { region: 'us-east-1', endpoint: 'http://127.0.0.1:4569', credentials },
    'uploads',
  ],
];

const keys = [
  'users/6b1f0a53-7f0e-4a39-9c1b-3f7c2a9d8e10/photos/0c7a1e0e-2f57-4d0c-8c3e-65a5e0b9f7a2/original.jpg',
  "odd/na me+(1)!'*~.jpeg",
  'ünïcödé/фото.png',
];

describe.each(setups)('S3UrlSigner on %s', (_name, options, bucket) => {
  const client = createS3Client(options);
  const signer = new S3UrlSigner(client, bucket);

  it.each(keys)('signs the same upload URL as getSignedUrl for %s', async (key) => {
    const expected = await getSignedUrl(
      client,
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: 'image/jpeg',
        ContentLength: 1234,
        Tagging: tagging,
      }),
      {
        expiresIn: 300,
        signingDate,
        signableHeaders: new Set(['content-type', 'content-length', 'x-amz-tagging']),
        unhoistableHeaders: new Set(['x-amz-tagging']),
      },
    );
    const actual = await signer.sign({
      method: 'PUT',
      key,
      expiresInSeconds: 300,
      signingDate,
      signedHeaders: { 'Content-Type': 'image/jpeg', 'Content-Length': '1234', 'x-amz-tagging': tagging },
    });
    expect(actual).toBe(expected);
  });

  it.each(keys)('signs the same download URL as getSignedUrl for %s', async (key) => {
    const expected = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 4500,
      signingDate,
    });
    expect(await signer.sign({ method: 'GET', key, expiresInSeconds: 4500, signingDate })).toBe(expected);
  });
});

it('retries the endpoint lookup after a failure instead of remembering it', async () => {
  const client = createS3Client({ region: 'eu-west-1', credentials });
  const signer = new S3UrlSigner(client, 'photos');
  const region = client.config.region;
  client.config.region = () => Promise.reject(new Error('no region yet'));
  await expect(signer.sign({ method: 'GET', key: 'a.jpg', expiresInSeconds: 60 })).rejects.toThrow(
    'no region yet',
  );
  client.config.region = region;
  expect(await signer.sign({ method: 'GET', key: 'a.jpg', expiresInSeconds: 60 })).toContain(
    'https://photos.s3.eu-west-1.amazonaws.com/a.jpg?',
  );
});

it('refuses buckets that do not sign as plain S3 (S3 Express directory buckets) instead of signing bad URLs', async () => {
  const signer = new S3UrlSigner(
    createS3Client({ region: 'us-east-1', credentials }),
    'photos--use1-az4--x-s3',
  );
  await expect(signer.sign({ method: 'GET', key: 'a.jpg', expiresInSeconds: 60 })).rejects.toThrow(
    'plain buckets only',
  );
});
