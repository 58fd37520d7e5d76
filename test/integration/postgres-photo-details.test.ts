/**
 * How a photo was taken, on a real PostgreSQL: ingest records the camera's settings and the location
 * rounded to about 100 m (migration 014's columns and checks), and the photo reads them back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { PostgresPhotoRepository } from '../../lambdas/adapters/postgres/postgres-photo-repository.ts';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import { NO_CAMERA_SETTINGS } from '../../lambdas/core/photo-details.ts';
import type { IngestedPhoto } from '../../lambdas/core/ports.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
import { InMemoryPhotos } from '../fakes/in-memory-ports.ts';
import { DETAIL_COLUMNS } from '../support/photo-detail-columns.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let photos: PostgresPhotoRepository;
let users: PostgresUserRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  photos = new PostgresPhotoRepository(testDb.db);
  users = new PostgresUserRepository(testDb.db);
});
afterAll(() => testDb.destroy());

async function awaiting(repository: PostgresPhotoRepository | InMemoryPhotos, ownerId: string) {
  const id = randomUUID();
  const storageKey = originalKey(ownerId, id, 'image/jpeg');
  await repository.addAwaitingUpload([
    { id, ownerId, storageKey, originalFilename: 'a.jpg', contentType: 'image/jpeg', sizeBytes: 100 },
  ]);
  return { id, storageKey };
}

function ingested(imageId: string, details: Partial<IngestedPhoto> = {}): IngestedPhoto {
  return {
    imageId,
    previewKey: 'p',
    thumbnailKey: 't',
    modelKey: 'm',
    width: 4032,
    height: 3024,
    takenAt: null,
    takenAtSource: null,
    place: null,
    camera: null,
    settings: NO_CAMERA_SETTINGS,
    location: null,
    sha256: createHash('sha256').update(imageId).digest('hex'),
    perceptualHash: '0123456789abcdef',
    look: [],
    ...details,
  };
}

const settings = {
  make: 'Apple',
  model: 'iPhone 15 Pro',
  lens: 'iPhone 15 Pro back triple camera 6.86mm f/1.78',
  exposureSeconds: 0.004,
  fNumber: 1.78,
  iso: 100,
  focalLengthMm: 6.86,
};

test('the camera’s settings and the rounded location are stored in their columns and read back', async () => {
  const ownerId = (await users.ensure(`sub-${randomUUID()}`)).id;
  const photo = await awaiting(photos, ownerId);
  await photos.recordIngested(
    ingested(photo.id, {
      camera: 'Apple iPhone 15 Pro',
      settings,
      location: { latitude: 41.15, longitude: -8.611 },
    }),
  );
  const row = await testDb.db
    .selectFrom('images')
    .select([...DETAIL_COLUMNS])
    .where('id', '=', photo.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({
    camera: 'Apple iPhone 15 Pro',
    camera_make: 'Apple',
    camera_model: 'iPhone 15 Pro',
    lens: settings.lens,
    exposure_seconds: 0.004,
    // REAL columns print the shortest text that reads back the same: 1.78, not 1.7799999.
    f_number: 1.78,
    iso: 100,
    focal_length_mm: 6.86,
    latitude: 41.15,
    longitude: -8.611,
  });
  expect(await photos.findByStorageKey(photo.storageKey)).toMatchObject({
    camera: 'Apple iPhone 15 Pro',
    settings,
    location: { latitude: 41.15, longitude: -8.611 },
    caption: null,
    tags: [],
  });
});

test('a photo read again without EXIF loses what its earlier bytes said', async () => {
  const ownerId = (await users.ensure(`sub-${randomUUID()}`)).id;
  const photo = await awaiting(photos, ownerId);
  await photos.recordIngested(ingested(photo.id, { settings, location: { latitude: 1, longitude: 2 } }));
  await photos.recordIngested(ingested(photo.id));
  expect(await photos.findByStorageKey(photo.storageKey)).toMatchObject({
    settings: NO_CAMERA_SETTINGS,
    location: null,
  });
});

test('the database and the in-memory fake refuse the same impossible settings', async () => {
  const ownerId = (await users.ensure(`sub-${randomUUID()}`)).id;
  const fake = new InMemoryPhotos();
  for (const bad of [
    { settings: { ...settings, fNumber: 0 } },
    { settings: { ...settings, exposureSeconds: -1 } },
    { settings: { ...settings, iso: 1.5 } },
    { location: { latitude: 91, longitude: 0 } },
  ]) {
    const real = await awaiting(photos, ownerId);
    await expect(photos.recordIngested(ingested(real.id, bad))).rejects.toThrow();
    const inMemory = await awaiting(fake, ownerId);
    await expect(fake.recordIngested(ingested(inMemory.id, bad))).rejects.toThrow();
  }
});
