/**
 * Photos are read as they land: a PUT to the local S3 endpoint makes s3rver emit an object-created
 * event, the local notification configuration sends it to the ingest queue, and the ingest handler
 * (polled as Lambda's event source would) records the photo analyzed, with its renditions — real
 * PostgreSQL, real queue, real photos.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { modelImageKey, previewKey, thumbnailKey } from '../../lambdas/core/upload-policy.ts';
import { makeNotAnImage, makePhotoLikeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles } from '../support/local-app-harness.ts';

let harness: Harness;
let sqs: SQSClient;
let s3: S3Client;

beforeAll(async () => {
  harness = await startHarness();
  const { env } = harness.app;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  sqs = new SQSClient({ region: 'us-east-1', endpoint: env.SQS_ENDPOINT, credentials });
  s3 = new S3Client({ region: 'us-east-1', endpoint: env.S3_ENDPOINT, credentials, forcePathStyle: true });
});
afterAll(async () => {
  sqs?.destroy();
  s3?.destroy();
  await harness?.stop();
});

async function photoRows(keys: string[]) {
  return harness.app.http.db
    .selectFrom('images')
    .select([
      'storage_key',
      'status',
      'rejection_reason',
      'model_key',
      'width',
      'height',
      'sha256',
      'perceptual_hash',
    ])
    .where('storage_key', 'in', keys)
    .execute();
}

async function untilRead(keys: string[], timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await photoRows(keys);
    if (rows.length === keys.length && rows.every((row) => row.status !== 'awaiting_upload')) return rows;
    if (Date.now() > deadline) throw new Error(`not read in time: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new GetObjectCommand({ Bucket: harness.app.env.UPLOADS_BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

test('each uploaded photo is read as it lands: analyzed, with its renditions, before anyone organizes', async () => {
  const { token } = await harness.signIn('ingest-a');
  const keys = await uploadFiles(harness, token, [
    { name: 'a.jpg', contentType: 'image/jpeg', bytes: await makePhotoLikeJpeg(2000, 1500, 11) },
    { name: 'b.jpg', contentType: 'image/jpeg', bytes: await makePhotoLikeJpeg(1500, 2000, 12) },
  ]);
  const rows = await untilRead(keys);
  for (const row of rows) {
    expect(row).toMatchObject({
      status: 'analyzed',
      rejection_reason: null,
      model_key: modelImageKey(row.storage_key),
    });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.perceptual_hash).toMatch(/^[0-9a-f]{16}$/);
    for (const rendition of [
      previewKey(row.storage_key),
      thumbnailKey(row.storage_key),
      modelImageKey(row.storage_key),
    ])
      expect(await objectExists(rendition)).toBe(true);
  }
  expect(rows.find((row) => row.storage_key === keys[0])).toMatchObject({ width: 2000, height: 1500 });
});

test('a file that is not a photo is rejected at ingest with the reason the worker used to give', async () => {
  const { token } = await harness.signIn('ingest-b');
  const keys = await uploadFiles(harness, token, [
    { name: 'fake.jpg', contentType: 'image/jpeg', bytes: makeNotAnImage() },
  ]);
  const [row] = await untilRead(keys);
  expect(row).toMatchObject({
    status: 'rejected',
    rejection_reason: 'the file is not a JPEG, PNG, WebP or HEIC image',
    model_key: null,
  });
});

test('duplicate and stray notifications change nothing; renditions never trigger ingest', async () => {
  const { token } = await harness.signIn('ingest-c');
  const [key] = (await uploadFiles(harness, token, [
    { name: 'c.jpg', contentType: 'image/jpeg', bytes: await makePhotoLikeJpeg(800, 600, 13) },
  ])) as [string];
  const [before] = await untilRead([key]);
  const notification = (objectKey: string) =>
    JSON.stringify({
      Records: [
        { eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'x' }, object: { key: objectKey } } },
      ],
    });
  // The same event again, an event for a rendition, one for a key no photo has, and S3's test event.
  for (const body of [
    notification(key),
    notification(previewKey(key)),
    notification(key.replace(/photos\/[^/]+/, 'photos/00000000-0000-4000-8000-000000000000')),
    JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }),
  ])
    await sqs.send(new SendMessageCommand({ QueueUrl: harness.app.env.INGEST_QUEUE_URL, MessageBody: body }));
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const [after] = await photoRows([key]);
  expect(after).toEqual(before);
  const { Attributes } = await import('@aws-sdk/client-sqs').then(({ GetQueueAttributesCommand }) =>
    sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: harness.app.env.INGEST_QUEUE_URL,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    ),
  );
  // Everything was handled and deleted; nothing is waiting to be retried.
  expect(Attributes).toEqual({
    ApproximateNumberOfMessages: '0',
    ApproximateNumberOfMessagesNotVisible: '0',
  });
});
