/**
 * The same file twice, on a real PostgreSQL: the library's copies found by hash in one query, and
 * ingest recording two copies of the same bytes at once — the first one wins, the second is rejected
 * with the original's name, whatever the interleaving.
 */

import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PostgresPhotoRepository } from '../../lambdas/adapters/postgres/postgres-photo-repository.ts';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import { NO_CAMERA_SETTINGS } from '../../lambdas/core/photo-details.ts';
import type { IngestedPhoto } from '../../lambdas/core/ports.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
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

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

async function owner() {
  return (await users.ensure(`sub-${randomUUID()}`)).id;
}

/** A photo awaiting its upload, with the hash its uploader announced (if any). */
async function awaiting(ownerId: string, name: string, declaredSha256: string | null = null) {
  const id = randomUUID();
  const storageKey = originalKey(ownerId, id, 'image/jpeg');
  await photos.addAwaitingUpload([
    {
      id,
      ownerId,
      storageKey,
      originalFilename: name,
      contentType: 'image/jpeg',
      sizeBytes: 100,
      declaredSha256,
    },
  ]);
  return { id, storageKey };
}

function ingested(imageId: string, sha256: string): IngestedPhoto {
  return {
    imageId,
    previewKey: 'p',
    thumbnailKey: 't',
    modelKey: 'm',
    width: 40,
    height: 30,
    takenAt: null,
    takenAtSource: null,
    place: null,
    camera: null,
    settings: NO_CAMERA_SETTINGS,
    location: null,
    sha256,
    perceptualHash: '0123456789abcdef',
    look: [],
  };
}

async function row(id: string) {
  return testDb.db
    .selectFrom('images')
    .select(['status', 'rejection_reason', 'declared_sha256'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

test('an awaiting upload keeps the hash its uploader announced', async () => {
  const ana = await owner();
  const photo = await awaiting(ana, 'a.jpg', hashOf('a'));
  expect(await row(photo.id)).toMatchObject({ declared_sha256: hashOf('a'), status: 'awaiting_upload' });
  expect((await photos.findByStorageKey(photo.storageKey))?.declaredSha256).toBe(hashOf('a'));
});

test('finds the owner’s read or organized copies by hash, one per hash, organized first — never trashed, rejected, pending or another user’s', async () => {
  const [ana, bob] = [await owner(), await owner()];
  const read = await awaiting(ana, 'read.jpg');
  await photos.recordIngested(ingested(read.id, hashOf('read')));
  const organized = await awaiting(ana, 'organized.jpg');
  await photos.recordIngested(ingested(organized.id, hashOf('organized')));
  await testDb.db.updateTable('images').set({ status: 'ready' }).where('id', '=', organized.id).execute();
  const trashed = await awaiting(ana, 'trashed.jpg');
  await photos.recordIngested(ingested(trashed.id, hashOf('trashed')));
  await testDb.db
    .updateTable('images')
    .set({ trashed_at: new Date() })
    .where('id', '=', trashed.id)
    .execute();
  const rejected = await awaiting(ana, 'rejected.jpg');
  await photos.recordIngested(ingested(rejected.id, hashOf('rejected')));
  await photos.recordIngestRejected(rejected.id, 'the file is not an image');
  await awaiting(ana, 'pending.jpg', hashOf('pending'));
  const bobs = await awaiting(bob, 'bobs.jpg');
  await photos.recordIngested(ingested(bobs.id, hashOf('bobs')));
  // Two copies from before duplicates were caught: the organized one is the library's.
  const older = await awaiting(ana, 'older.jpg');
  const newer = await awaiting(ana, 'newer.jpg');
  await testDb.db
    .updateTable('images')
    .set({ sha256: hashOf('twice'), status: 'analyzed' })
    .where('id', '=', older.id)
    .execute();
  await testDb.db
    .updateTable('images')
    .set({ sha256: hashOf('twice'), status: 'ready' })
    .where('id', '=', newer.id)
    .execute();

  const copies = await photos.findLibraryCopies(
    ana,
    ['read', 'organized', 'trashed', 'rejected', 'pending', 'bobs', 'twice', 'unknown'].map(hashOf),
  );
  expect(copies.sort((a, b) => a.originalFilename.localeCompare(b.originalFilename))).toEqual([
    {
      imageId: newer.id,
      storageKey: newer.storageKey,
      originalFilename: 'newer.jpg',
      sha256: hashOf('twice'),
      organized: true,
    },
    {
      imageId: organized.id,
      storageKey: organized.storageKey,
      originalFilename: 'organized.jpg',
      sha256: hashOf('organized'),
      organized: true,
    },
    {
      imageId: read.id,
      storageKey: read.storageKey,
      originalFilename: 'read.jpg',
      sha256: hashOf('read'),
      organized: false,
    },
  ]);
  expect(await photos.findLibraryCopies(ana, [])).toEqual([]);
});

test('a second copy of bytes in the library is rejected with the original’s name; a trashed original does not count', async () => {
  const ana = await owner();
  const original = await awaiting(ana, 'IMG_0001.jpg');
  expect(await photos.recordIngested(ingested(original.id, hashOf('x')))).toEqual({ kind: 'recorded' });
  const copy = await awaiting(ana, 'copy.jpg');
  expect(await photos.recordIngested(ingested(copy.id, hashOf('x')))).toEqual({
    kind: 'duplicate',
    original: { imageId: original.id, originalFilename: 'IMG_0001.jpg' },
  });
  expect(await row(copy.id)).toMatchObject({
    status: 'rejected',
    rejection_reason: 'already in your library (as IMG_0001.jpg)',
  });
  // The original read again is itself, not a copy.
  expect(await photos.recordIngested(ingested(original.id, hashOf('x')))).toEqual({ kind: 'recorded' });

  await testDb.db
    .updateTable('images')
    .set({ trashed_at: new Date() })
    .where('id', '=', original.id)
    .execute();
  const afterTrash = await awaiting(ana, 'again.jpg');
  expect(await photos.recordIngested(ingested(afterTrash.id, hashOf('x')))).toEqual({ kind: 'recorded' });
  expect(await row(afterTrash.id)).toMatchObject({ status: 'analyzed' });
});

test('an organized photo re-read with bytes the library has elsewhere stays organized', async () => {
  const ana = await owner();
  const other = await awaiting(ana, 'other.jpg');
  await photos.recordIngested(ingested(other.id, hashOf('y')));
  const organized = await awaiting(ana, 'organized.jpg');
  await photos.recordIngested(ingested(organized.id, hashOf('z')));
  await testDb.db.updateTable('images').set({ status: 'ready' }).where('id', '=', organized.id).execute();
  expect(await photos.recordIngested(ingested(organized.id, hashOf('y')))).toEqual({ kind: 'recorded' });
  expect(await row(organized.id)).toMatchObject({ status: 'ready' });
});

test('copies recorded at the same moment: exactly one is kept, every other names it (20 rounds)', async () => {
  for (let round = 0; round < 20; round += 1) {
    const ana = await owner();
    const copies = await Promise.all(
      Array.from({ length: 4 }, (_, index) => awaiting(ana, `copy-${round}-${index}.jpg`)),
    );
    const outcomes = await Promise.all(
      copies.map((copy) => photos.recordIngested(ingested(copy.id, hashOf(`r${round}`)))),
    );
    const kept = outcomes.flatMap((outcome, index) => (outcome.kind === 'recorded' ? [copies[index]] : []));
    expect(kept).toHaveLength(1);
    const winner = kept[0] as { id: string };
    for (const outcome of outcomes)
      if (outcome.kind === 'duplicate') expect(outcome.original.imageId).toBe(winner.id);
    const statuses = await Promise.all(copies.map((copy) => row(copy.id)));
    expect(statuses.filter((status) => status.status === 'analyzed')).toHaveLength(1);
  }
});

test('a copy never organized stops counting a day before storage expires its original', async () => {
  const ana = await owner();
  const fresh = await awaiting(ana, 'fresh.jpg');
  await photos.recordIngested(ingested(fresh.id, hashOf('fresh')));
  const stale = await awaiting(ana, 'stale.jpg');
  await photos.recordIngested(ingested(stale.id, hashOf('stale')));
  // Uploaded six days ago and never organized: its original expires tomorrow (UNORGANIZED_ORIGINAL_DAYS).
  await sql`update images set created_at = now() - interval '6 days 1 minute' where id = ${stale.id}`.execute(
    testDb.db,
  );
  const copies = await photos.findLibraryCopies(ana, [hashOf('fresh'), hashOf('stale')]);
  expect(copies.map((copy) => copy.originalFilename)).toEqual(['fresh.jpg']);
});
