import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../lambdas/adapters/s3/s3-client.ts';
import { S3PhotoStorage } from '../../lambdas/adapters/s3/s3-photo-storage.ts';
import { S3PhotoUrls } from '../../lambdas/adapters/s3/s3-photo-urls.ts';
import { bucketLocation, S3UrlSigner } from '../../lambdas/adapters/s3/s3-url-signer.ts';
import { type RunningS3, startLocalS3 } from '../../lambdas/local-runtime/local-s3-server.ts';

let s3: RunningS3;
let dir: string;
let storage: S3PhotoStorage;
let urls: S3PhotoUrls;
let client: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'momentarium-s3-'));
  s3 = await startLocalS3({
    directory: dir,
    port: 0,
    bucket: 'uploads',
    allowedOrigins: ['http://localhost:3000'],
  });
  client = createS3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  storage = new S3PhotoStorage(client, 'uploads');
  urls = new S3PhotoUrls(
    new S3UrlSigner({
      location: bucketLocation({ bucket: 'uploads', region: 'us-east-1', endpoint: s3.endpoint }),
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
  );
});
afterAll(async () => {
  await s3.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('S3PhotoStorage and S3PhotoUrls', () => {
  it('presigns a 5-minute PUT that signs content-type and content-length and carries no empty-body checksum', async () => {
    const { url, headers } = await urls.presignUpload({
      key: 'users/u/photos/p/original.jpg',
      contentType: 'image/jpeg',
      contentLength: 1234,
      expiresInSeconds: 300,
    });
    const params = new URL(url).searchParams;
    expect(params.get('X-Amz-Expires')).toBe('300');
    expect(params.get('X-Amz-SignedHeaders')?.split(';').sort()).toEqual([
      'content-length',
      'content-type',
      'host',
      'x-amz-tagging',
    ]);
    expect(params.has('x-amz-tagging')).toBe(false);
    expect(url.toLowerCase()).not.toContain('checksum');
    expect(new URL(url).pathname).toBe('/uploads/users/u/photos/p/original.jpg');
    expect(headers).toEqual({ 'Content-Type': 'image/jpeg', 'x-amz-tagging': 'momentarium-state=uploaded' });
  });

  it('re-tags an original as kept once the worker has read it', async () => {
    const body = Buffer.from('a photo');
    const { url, headers } = await urls.presignUpload({
      key: 'kept/original.jpg',
      contentType: 'image/jpeg',
      contentLength: body.length,
      expiresInSeconds: 300,
    });
    expect((await fetch(url, { method: 'PUT', headers, body })).status).toBe(200);
    await storage.keep('kept/original.jpg');
    const tagging = await client.send(
      new GetObjectTaggingCommand({ Bucket: 'uploads', Key: 'kept/original.jpg' }),
    );
    expect(tagging.TagSet).toEqual([{ Key: 'momentarium-state', Value: 'kept' }]);
  });

  it('accepts an upload through the presigned URL, then heads, gets and signs downloads', async () => {
    const body = Buffer.from('hello photo');
    const { url, headers } = await urls.presignUpload({
      key: 'k/original.jpg',
      contentType: 'image/jpeg',
      contentLength: body.length,
      expiresInSeconds: 300,
    });
    const put = await fetch(url, { method: 'PUT', headers, body });
    expect(put.status).toBe(200);
    expect(await storage.head('k/original.jpg')).toEqual({
      contentLength: body.length,
      contentType: 'image/jpeg',
    });
    expect(Buffer.from((await storage.get('k/original.jpg')) ?? [])).toEqual(body);
    const download = await fetch(await urls.presignDownload('k/original.jpg', 3600));
    expect(Buffer.from(await download.arrayBuffer())).toEqual(body);
  });

  it('signs the same download URL for a whole window, valid for at least the time asked', async () => {
    const first = await urls.presignDownload('k/original.jpg', 3600);
    const again = await urls.presignDownload('k/original.jpg', 3600);
    expect(again).toBe(first);
    const params = new URL(first).searchParams;
    const signedAt = Date.parse(
      params
        .get('X-Amz-Date')
        ?.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z') ?? '',
    );
    const validUntil = signedAt + Number(params.get('X-Amz-Expires')) * 1000;
    expect(validUntil - Date.now()).toBeGreaterThanOrEqual(3600 * 1000 - 5000);
    expect(validUntil - Date.now()).toBeLessThanOrEqual((3600 + 15 * 60) * 1000);
    expect(await urls.presignDownload('k/other.jpg', 3600)).not.toBe(first);
  });

  it('answers null for objects that do not exist', async () => {
    expect(await storage.head('nope')).toBeNull();
    expect(await storage.get('nope')).toBeNull();
  });

  it('lets the web page upload from its origin (CORS preflight), and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${s3.endpoint}/uploads/k/original.jpg`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('http://localhost:3000');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
    expect((await preflight('http://evil.example')).status).toBe(403);
  });
});
