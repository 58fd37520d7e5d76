/**
 * Photos read before their details were kept (issue 18), caught up on a real PostgreSQL with the real
 * EXIF reader: their camera settings and ~100 m location come from the original, organized ones get
 * the offline caption and tags, and nothing ingest or organizing wrote is overwritten.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createExifDetailsReader } from '../../lambdas/adapters/images/exif.ts';
import { PostgresPhotoRepository } from '../../lambdas/adapters/postgres/postgres-photo-repository.ts';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import { NO_CAMERA_SETTINGS } from '../../lambdas/core/photo-details.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
import { readMissingDetails } from '../../lambdas/core/use-cases/read-missing-details.ts';
import { InMemoryStorage, RecordingLogger } from '../fakes/in-memory-ports.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { DETAIL_COLUMNS } from '../support/photo-detail-columns.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let photos: PostgresPhotoRepository;
let users: PostgresUserRepository;
let storage: InMemoryStorage;
let logger: RecordingLogger;

beforeAll(async () => {
  testDb = await createTestDatabase();
  photos = new PostgresPhotoRepository(testDb.db);
  users = new PostgresUserRepository(testDb.db);
});
afterAll(() => testDb.destroy());
beforeEach(async () => {
  // Each case starts with no photo left to read.
  await testDb.db.updateTable('images').set({ details_read: true }).execute();
  storage = new InMemoryStorage();
  logger = new RecordingLogger();
});

const run = () =>
  readMissingDetails({
    photos,
    storage,
    details: createExifDetailsReader(),
    clock: { now: () => new Date() },
    logger,
  });

const FUJI = {
  camera: { make: 'FUJIFILM', model: 'X100V' },
  exifIfd: {
    ExposureTime: '1/250',
    FNumber: '2/1',
    ISOSpeedRatings: '160',
    FocalLength: '23/1',
    LensModel: 'XF23mmF2 R WR',
  },
  // Seven decimals in the file: only three may be kept.
  gps: { latitude: 41.1496377, longitude: -8.6109444 },
};

/**
 * A photo as a release before issue 18 left it: read by ingest (camera name, town, date) but none of
 * the details, `ready` (organized, no description) unless `status` says otherwise.
 */
async function readBefore(
  ownerId: string,
  bytes: Buffer | null,
  { status = 'ready', name = 'DSCF0042.JPG' }: { status?: 'ready' | 'analyzed'; name?: string } = {},
) {
  const id = randomUUID();
  const storageKey = originalKey(ownerId, id, 'image/jpeg');
  await photos.addAwaitingUpload([
    { id, ownerId, storageKey, originalFilename: name, contentType: 'image/jpeg', sizeBytes: 100 },
  ]);
  await photos.recordIngested({
    imageId: id,
    previewKey: 'p',
    thumbnailKey: 't',
    modelKey: 'm',
    width: 640,
    height: 480,
    takenAt: new Date(Date.UTC(2026, 4, 2, 10, 0)),
    takenAtSource: 'exif',
    place: { city: 'Porto', country: 'Portugal' },
    camera: 'FUJIFILM X100V',
    settings: NO_CAMERA_SETTINGS,
    location: null,
    sha256: createHash('sha256').update(id).digest('hex'),
    perceptualHash: '0123456789abcdef',
    look: [],
  });
  await testDb.db.updateTable('images').set({ status, details_read: false }).where('id', '=', id).execute();
  if (bytes) await storage.put(storageKey, bytes, 'image/jpeg');
  return id;
}

async function row(id: string) {
  return testDb.db
    .selectFrom('images')
    .select([...DETAIL_COLUMNS, 'caption', 'tags', 'description_source', 'details_read'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

test('reads the settings and the rounded location from the original; organized photos get the offline description', async () => {
  const ownerId = (await users.ensure(`sub-${randomUUID()}`)).id;
  const bytes = await makeJpeg({ width: 320, height: 240, ...FUJI });
  const organized = await readBefore(ownerId, bytes);
  const unorganized = await readBefore(ownerId, bytes, { status: 'analyzed' });

  expect(await run()).toEqual({ read: 2, left: false });

  const details = {
    camera: 'FUJIFILM X100V',
    camera_make: 'FUJIFILM',
    camera_model: 'X100V',
    lens: 'XF23mmF2 R WR',
    exposure_seconds: 0.004,
    f_number: 2,
    iso: 160,
    focal_length_mm: 23,
    latitude: 41.15,
    longitude: -8.611,
    details_read: true,
  };
  expect(await row(organized)).toEqual({
    ...details,
    // The offline description: the town and the day (2 May 2026 was a Saturday).
    caption: 'Porto, Portugal · Saturday 2 May 2026',
    tags: ['porto', 'portugal', 'may', 'spring'],
    description_source: 'offline',
  });
  // Not organized: organizing describes it, as it does every photo it organizes.
  expect(await row(unorganized)).toEqual({ ...details, caption: null, tags: [], description_source: null });
  // The exact fix was nowhere stored.
  const { rows } = await sql<{ found: number }>`
    select count(*)::int as found from images where images::text ~ '41\\.149|8\\.6109'
  `.execute(testDb.db);
  expect(rows[0]?.found).toBe(0);
  // Caught up: the next run finds nothing and says nothing.
  expect(await run()).toEqual({ read: 0, left: false });
  expect(logger.entries).toHaveLength(1);
});

test('a photo whose original is gone is marked read with what was known, and still described', async () => {
  const ownerId = (await users.ensure(`sub-${randomUUID()}`)).id;
  const gone = await readBefore(ownerId, null);
  expect(await run()).toEqual({ read: 1, left: false });
  expect(await row(gone)).toMatchObject({
    camera: 'FUJIFILM X100V',
    camera_make: null,
    latitude: null,
    caption: 'Porto, Portugal · Saturday 2 May 2026',
    details_read: true,
  });
});

test('keeps what organizing or ingest wrote: a model description, details read meanwhile', async () => {
  const ownerId = (await users.ensure(`sub-${randomUUID()}`)).id;
  const bytes = await makeJpeg({ width: 320, height: 240, ...FUJI });
  const described = await readBefore(ownerId, bytes);
  await testDb.db
    .updateTable('images')
    .set({ caption: 'A tram on a hill', tags: ['tram'], description_source: 'model' })
    .where('id', '=', described)
    .execute();
  await run();
  expect(await row(described)).toMatchObject({
    caption: 'A tram on a hill',
    tags: ['tram'],
    description_source: 'model',
    camera_make: 'FUJIFILM',
  });

  // Ingest read it again between the listing and the write: what ingest wrote stays.
  const raced = await readBefore(ownerId, bytes);
  await testDb.db
    .updateTable('images')
    .set({ details_read: true, lens: 'from ingest' })
    .where('id', '=', raced)
    .execute();
  await photos.recordDetailsRead(
    raced,
    { camera: 'Other', settings: { ...NO_CAMERA_SETTINGS, lens: 'late' }, location: null },
    { caption: 'late', tags: [], source: 'offline' },
  );
  expect(await row(raced)).toMatchObject({ lens: 'from ingest', camera: 'FUJIFILM X100V', caption: null });
});

test('an original storage cannot fetch now is left unread for the next run; the others are read', async () => {
  const ownerId = (await users.ensure(`sub-${randomUUID()}`)).id;
  const bytes = await makeJpeg({ width: 320, height: 240, ...FUJI });
  const first = await readBefore(ownerId, bytes);
  const second = await readBefore(ownerId, bytes);
  const firstKey = (await photos.findOwnedByKeys(ownerId, [originalKey(ownerId, first, 'image/jpeg')]))[0]
    ?.storageKey as string;
  const get = storage.get.bind(storage);
  storage.get = async (key) => {
    if (key === firstKey) throw new Error('S3 503 SlowDown');
    return get(key);
  };

  expect(await run()).toEqual({ read: 1, left: true });
  expect((await row(first)).details_read).toBe(false);
  expect((await row(second)).details_read).toBe(true);
  expect(logger.entries.map((entry) => entry.level)).toEqual(['warn', 'info']);

  storage.get = get;
  expect(await run()).toEqual({ read: 1, left: false });
  expect((await row(first)).camera_make).toBe('FUJIFILM');
});

test('takes the photos in the Trash too, never rejected ones or ones not yet read', async () => {
  const ownerId = (await users.ensure(`sub-${randomUUID()}`)).id;
  const bytes = await makeJpeg({ width: 320, height: 240, ...FUJI });
  const trashed = await readBefore(ownerId, bytes);
  await testDb.db.updateTable('images').set({ trashed_at: sql`now()` }).where('id', '=', trashed).execute();
  const rejected = await readBefore(ownerId, bytes, { status: 'analyzed' });
  await testDb.db
    .updateTable('images')
    .set({ status: 'rejected', rejection_reason: 'not a photo' })
    .where('id', '=', rejected)
    .execute();
  const id = randomUUID();
  await photos.addAwaitingUpload([
    {
      id,
      ownerId,
      storageKey: originalKey(ownerId, id, 'image/jpeg'),
      originalFilename: 'new.jpg',
      contentType: 'image/jpeg',
      sizeBytes: 100,
    },
  ]);
  expect((await photos.listDetailsUnread(10)).map((photo) => photo.id)).toEqual([trashed]);
});
