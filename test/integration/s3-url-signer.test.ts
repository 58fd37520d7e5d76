import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createS3Client, type S3ClientOptions } from '../../lambdas/adapters/s3/s3-client.ts';
import { S3PhotoUrls } from '../../lambdas/adapters/s3/s3-photo-urls.ts';
import { bucketLocation, S3UrlSigner } from '../../lambdas/adapters/s3/s3-url-signer.ts';
import { startLocalS3 } from '../../lambdas/local-runtime/local-s3-server.ts';

// s3rver does not verify signatures, so the signer is held to the SDK's own getSignedUrl with a full
// S3 client instead: same inputs, same instant, same credentials → the same URL, byte for byte.
// In AWS the signer is given the bucket's regional domain name, as CloudFormation reports it
// (`Fn::GetAtt Bucket.RegionalDomainName`); the client finds the same host with its endpoint rules.
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const signingDate = new Date('2026-11-24T10:00:00Z');
const tagging = 'momentarium-state=uploaded';

type Where = { domain: string } | { endpoint: string };
const setups: Array<[string, S3ClientOptions, string, Where]> = [
  [
    'AWS, virtual-hosted style',
    { region: 'eu-west-1', credentials },
    'momentarium-uploads-abc123',
    { domain: 'momentarium-uploads-abc123.s3.eu-west-1.amazonaws.com' },
  ],
  [
    'AWS China partition',
    { region: 'cn-north-1', credentials },
    'photos',
    { domain: 'photos.s3.cn-north-1.amazonaws.com.cn' },
  ],
  [
    // A Lambda role's credentials carry a session token, which a presigned URL must include.
    'AWS with session credentials',
    { region: 'us-east-1', credentials: { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/+token=' } },
    'momentarium-uploads-abc123',
    { domain: 'momentarium-uploads-abc123.s3.us-east-1.amazonaws.com' },
  ],
  [
    'a local endpoint, path style',
    { region: 'us-east-1', endpoint: 'http://127.0.0.1:4569', credentials },
    'uploads',
    { endpoint: 'http://127.0.0.1:4569' },
  ],
];

const keys = [
  'users/6b1f0a53-7f0e-4a39-9c1b-3f7c2a9d8e10/photos/0c7a1e0e-2f57-4d0c-8c3e-65a5e0b9f7a2/original.jpg',
  "odd/na me+(1)!'*~.jpeg",
  'ünïcödé/фото.png',
];

describe.each(setups)('S3UrlSigner on %s', (_name, options, bucket, where) => {
  const client = createS3Client(options);
  const signer = new S3UrlSigner({
    location: bucketLocation({ bucket, region: options.region, ...where }),
    credentials: options.credentials ?? credentials,
  });

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

  it('signs the same checksum-carrying upload URL as getSignedUrl, the checksum kept a signed header', async () => {
    const key = keys[0] as string;
    const checksum = createHash('sha256').update('the photo').digest('base64');
    const expected = await getSignedUrl(
      client,
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: 'image/jpeg',
        ContentLength: 1234,
        Tagging: tagging,
        ChecksumSHA256: checksum,
      }),
      {
        expiresIn: 300,
        signingDate,
        signableHeaders: new Set([
          'content-type',
          'content-length',
          'x-amz-tagging',
          'x-amz-checksum-sha256',
        ]),
        // Hoisted into the query string, S3 ignores a checksum (aws/aws-sdk issue 480).
        unhoistableHeaders: new Set(['x-amz-tagging', 'x-amz-checksum-sha256']),
      },
    );
    const actual = await signer.sign({
      method: 'PUT',
      key,
      expiresInSeconds: 300,
      signingDate,
      signedHeaders: {
        'Content-Type': 'image/jpeg',
        'Content-Length': '1234',
        'x-amz-tagging': tagging,
        'x-amz-checksum-sha256': checksum,
      },
    });
    expect(actual).toBe(expected);
    const params = new URL(actual).searchParams;
    expect(params.get('X-Amz-SignedHeaders')?.split(';')).toContain('x-amz-checksum-sha256');
    expect(actual.toLowerCase()).not.toContain('x-amz-checksum-sha256=');
  });

  it.each(keys)('signs the same download URL as getSignedUrl for %s', async (key) => {
    const expected = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 4500,
      signingDate,
    });
    expect(await signer.sign({ method: 'GET', key, expiresInSeconds: 4500, signingDate })).toBe(expected);
  });
});

it('signs with credentials from a provider, asked on every URL (rotated keys are picked up)', async () => {
  const keys = ['AKIDFIRST', 'AKIDSECOND'];
  let asked = 0;
  const signer = new S3UrlSigner({
    location: bucketLocation({
      bucket: 'photos',
      region: 'eu-west-1',
      domain: 'photos.s3.eu-west-1.amazonaws.com',
    }),
    credentials: async () => ({ accessKeyId: keys[asked++] as string, secretAccessKey: 'secret' }),
  });
  const first = await signer.sign({ method: 'GET', key: 'a.jpg', expiresInSeconds: 60 });
  const second = await signer.sign({ method: 'GET', key: 'a.jpg', expiresInSeconds: 60 });
  expect(new URL(first).searchParams.get('X-Amz-Credential')).toMatch(/^AKIDFIRST\//);
  expect(new URL(second).searchParams.get('X-Amz-Credential')).toMatch(/^AKIDSECOND\//);
});

describe('an upload URL for a file whose SHA-256 the client sent', () => {
  const bytes = Buffer.from('not really a photo, but bytes all the same');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const checksum = createHash('sha256').update(bytes).digest('base64');

  it('signs x-amz-checksum-sha256 (base64 of the digest) as a header, and tells the client to send it', async () => {
    const urls = new S3PhotoUrls(
      new S3UrlSigner({
        location: bucketLocation({
          bucket: 'photos',
          region: 'eu-west-1',
          domain: 'photos.s3.eu-west-1.amazonaws.com',
        }),
        credentials,
      }),
    );
    const { url, headers } = await urls.presignUpload({
      key: 'users/u/photos/p/original.jpg',
      contentType: 'image/jpeg',
      contentLength: bytes.length,
      expiresInSeconds: 300,
      sha256,
    });
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')?.split(';').sort()).toEqual([
      'content-length',
      'content-type',
      'host',
      'x-amz-checksum-sha256',
      'x-amz-tagging',
    ]);
    expect(headers).toEqual({
      'Content-Type': 'image/jpeg',
      'x-amz-tagging': tagging,
      'x-amz-checksum-sha256': checksum,
    });
    // Without a hash, nothing about checksums (no empty-body CRC32 either).
    const plain = await urls.presignUpload({
      key: 'users/u/photos/p/original.jpg',
      contentType: 'image/jpeg',
      contentLength: bytes.length,
      expiresInSeconds: 300,
    });
    expect(plain.url.toLowerCase()).not.toContain('checksum');
    expect(Object.keys(plain.headers)).toEqual(['Content-Type', 'x-amz-tagging']);
  });

  it('is accepted by the local S3 endpoint with exactly the headers returned', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'momentarium-s3-'));
    const s3 = await startLocalS3({
      directory: dir,
      port: 0,
      bucket: 'uploads',
      allowedOrigins: ['http://localhost:3000'],
    });
    try {
      const urls = new S3PhotoUrls(
        new S3UrlSigner({
          location: bucketLocation({ bucket: 'uploads', region: 'us-east-1', endpoint: s3.endpoint }),
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        }),
      );
      const key = 'users/u/photos/p/original.jpg';
      const { url, headers } = await urls.presignUpload({
        key,
        contentType: 'image/jpeg',
        contentLength: bytes.length,
        expiresInSeconds: 300,
        sha256,
      });
      const put = await fetch(url, { method: 'PUT', headers, body: bytes });
      expect(put.status).toBe(200);
      // A browser may send it: the bucket's CORS lets the header through.
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:3000',
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'content-type,x-amz-tagging,x-amz-checksum-sha256',
        },
      });
      expect(preflight.status).toBe(200);
      const stored = await fetch(await urls.presignDownload(key, 60));
      expect(Buffer.from(await stored.arrayBuffer())).toEqual(bytes);
    } finally {
      await s3.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
