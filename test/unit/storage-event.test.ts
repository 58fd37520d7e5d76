/** Storage notifications: what S3 (and the local emulator) sends, parsed strictly; and what it sends. */
import { createdObjects, InvalidStorageEventError } from '../../lambdas/core/storage-event.ts';
import {
  INGEST_NOTIFICATION,
  modelImageKey,
  notifiesIngest,
  originalKey,
  previewKey,
  thumbnailKey,
} from '../../lambdas/core/upload-policy.ts';

const key = originalKey(
  '0b5f3a1c-9d2e-4f60-8a7b-1c2d3e4f5a6b',
  '1c2d3e4f-0b5f-4a1c-9d2e-8a7b4f605a6b',
  'image/heic',
);

test('created objects are read from the records, keys decoded as S3 encodes them', () => {
  const body = JSON.stringify({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: { object: { key: 'users/a/photos/b/original.jpg', sequencer: '0A1' } },
      },
      { eventName: 'ObjectRemoved:Delete', s3: { object: { key: 'users/a/photos/c/original.jpg' } } },
      { eventName: 'ObjectCreated:CompleteMultipartUpload', s3: { object: { key: 'a+b%2Fc.jpg' } } },
    ],
  });
  expect(createdObjects(body)).toEqual([
    { key: 'users/a/photos/b/original.jpg', sequencer: '0A1' },
    { key: 'a b/c.jpg', sequencer: null },
  ]);
});

test('S3’s test event names nothing; anything else malformed is an error', () => {
  expect(createdObjects(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }))).toEqual([]);
  for (const body of [
    'not json',
    '[]',
    '{}',
    JSON.stringify({ Records: [{}] }),
    JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { object: {} } }] }),
    JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: '%E0%A4%A' } } }] }),
  ])
    expect(() => createdObjects(body)).toThrow(InvalidStorageEventError);
});

test('storage notifies ingest of originals only: writing renditions never starts another ingest', () => {
  expect(notifiesIngest(key)).toBe(true);
  for (const rendition of [previewKey(key), thumbnailKey(key), modelImageKey(key)])
    expect(notifiesIngest(rendition)).toBe(false);
  expect(notifiesIngest('elsewhere/original.jpg')).toBe(false);
  expect(INGEST_NOTIFICATION.suffixes).toEqual([
    '/original.jpg',
    '/original.png',
    '/original.webp',
    '/original.heic',
    '/original.heif',
  ]);
});
