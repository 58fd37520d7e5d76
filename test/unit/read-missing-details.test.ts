/**
 * How much one run of the details catch-up does: a bounded share (DETAILS_PER_RUN), no new batch after
 * its time budget, the rest left for the next hourly run. Reading itself is tested on PostgreSQL with
 * the real EXIF reader (test/integration/read-missing-details.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { NO_CAMERA_SETTINGS } from '../../lambdas/core/photo-details.ts';
import type { Clock } from '../../lambdas/core/ports.ts';
import {
  DETAILS_BATCH,
  DETAILS_CONCURRENCY,
  DETAILS_PER_RUN,
  DETAILS_RUN_BUDGET_MS,
  readMissingDetails,
} from '../../lambdas/core/use-cases/read-missing-details.ts';
import { InMemoryJobs, InMemoryPhotos, InMemoryStorage, RecordingLogger } from '../fakes/in-memory-ports.ts';

const ownerId = randomUUID();

async function library(count: number, jobs?: InMemoryJobs) {
  const photos = new InMemoryPhotos({ jobs });
  for (let index = 0; index < count; index++) await photos.addTestPhoto(ownerId);
  return photos;
}

function deps(photos: InMemoryPhotos, clock: Clock = { now: () => new Date() }) {
  let reads = 0;
  return {
    deps: {
      photos,
      // No originals: each photo is marked read with nothing found, which is all the bound needs.
      storage: new InMemoryStorage(),
      details: {
        read: async (_bytes: Uint8Array) => {
          reads++;
          return { camera: null, settings: NO_CAMERA_SETTINGS, gps: null };
        },
      },
      clock,
      logger: new RecordingLogger(),
    },
    reads: () => reads,
  };
}

test('a run reads at most its share, and the next run the rest', async () => {
  const photos = await library(DETAILS_PER_RUN + 50);
  const { deps: run } = deps(photos);
  expect(await readMissingDetails(run)).toEqual({ read: DETAILS_PER_RUN, left: true });
  expect(await readMissingDetails(run)).toEqual({ read: 50, left: false });
  expect(await photos.listDetailsUnread(10)).toEqual([]);
  expect(await readMissingDetails(run)).toEqual({ read: 0, left: false });
});

test('fetches no original after its time budget: the ones in hand finish, the rest waits', async () => {
  const photos = await library(250);
  let now = Date.UTC(2026, 11, 2);
  // Each look at the clock after the first is a minute later than the budget allows.
  const clock = {
    now: () => {
      const at = new Date(now);
      now += DETAILS_RUN_BUDGET_MS + 60_000;
      return at;
    },
  };
  const { deps: run } = deps(photos, clock);
  expect(await readMissingDetails(run)).toEqual({ read: DETAILS_CONCURRENCY, left: true });
  expect(await photos.listDetailsUnread(1000)).toHaveLength(250 - DETAILS_CONCURRENCY);
});

test('only reads the originals it finds: a missing one costs no read', async () => {
  const photos = await library(3);
  const [first] = await photos.listDetailsUnread(1);
  const { deps: run, reads } = deps(photos);
  await run.storage.put(first?.storageKey as string, new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg');
  expect(await readMissingDetails(run)).toEqual({ read: 3, left: false });
  expect(reads()).toBe(1);
});

test('a photo the reader or the database fails on is tried next run, and holds none of the others up', async () => {
  const photos = await library(DETAILS_BATCH + 20);
  const [broken, alsoBroken] = await photos.listDetailsUnread(2);
  const { deps: run } = deps(photos);
  for (const photo of await photos.listDetailsUnread(1000))
    await run.storage.put(photo.storageKey, new Uint8Array([photo.id === broken?.id ? 1 : 0]), 'image/jpeg');
  const read = run.details.read;
  run.details.read = async (bytes: Uint8Array) => {
    if (bytes[0] === 1) throw new Error('exifr: unexpected end of data');
    return read(bytes);
  };
  const record = photos.recordDetailsRead.bind(photos);
  photos.recordDetailsRead = async (id, ...rest) => {
    if (id === alsoBroken?.id) throw new Error('Connection terminated unexpectedly');
    return record(id, ...rest);
  };

  expect(await readMissingDetails(run)).toEqual({ read: DETAILS_BATCH + 18, left: true });
  expect((await photos.listDetailsUnread(10)).map((photo) => photo.id)).toEqual([broken?.id, alsoBroken?.id]);
  expect(run.logger.entries.filter((entry) => entry.level === 'warn')).toHaveLength(2);

  run.details.read = read;
  photos.recordDetailsRead = record;
  expect(await readMissingDetails(run)).toEqual({ read: 2, left: false });
});

test('organized photos get the offline description, unless organizing described them', async () => {
  const jobs = new InMemoryJobs();
  const photos = await library(0, jobs);
  const place = { city: 'Porto', country: 'Portugal' };
  const takenAt = new Date(Date.UTC(2026, 4, 2, 10));
  const plain = await photos.addTestPhoto(ownerId, { place, takenAt });
  const byModel = await photos.addTestPhoto(ownerId, { place, takenAt });
  jobs.descriptions.set(byModel, { caption: 'A tram on a hill', tags: ['tram'], source: 'model' });
  const unorganized = await photos.addTestPhoto(ownerId, { place, takenAt, ready: false });
  // Read by ingest before details were kept: analyzed, not organized.
  Object.assign(photos.rows.get(unorganized) as object, { status: 'analyzed' });
  expect(await readMissingDetails(deps(photos).deps)).toEqual({ read: 3, left: false });
  expect(photos.describedLater.get(plain)).toEqual({
    caption: 'Porto, Portugal · Saturday 2 May 2026',
    tags: ['porto', 'portugal', 'may', 'spring'],
    source: 'offline',
  });
  expect(photos.describedLater.has(byModel)).toBe(false);
  expect(jobs.descriptions.get(byModel)?.caption).toBe('A tram on a hill');
  expect(photos.describedLater.has(unorganized)).toBe(false);
});
