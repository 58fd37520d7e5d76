import { NO_CAMERA_SETTINGS } from '../../lambdas/core/photo-details.ts';
import {
  modelImageKey,
  originalKey,
  previewKey,
  thumbnailKey,
  UNORGANIZED_RECORD_DAYS,
} from '../../lambdas/core/upload-policy.ts';
import { purgeUnorganizedPhotos } from '../../lambdas/core/use-cases/purge-unorganized-photos.ts';
import {
  InMemoryJobs,
  InMemoryPhotos,
  InMemoryStorage,
  ManualClock,
  newId,
  RecordingLogger,
} from '../fakes/in-memory-ports.ts';

const ana = newId();
const bob = newId();
const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-05-20T03:00:00.000Z');

function setup() {
  const clock = new ManualClock(NOW);
  const jobs = new InMemoryJobs();
  const photos = new InMemoryPhotos({ clock, jobs });
  const logger = new RecordingLogger();
  const storage = new InMemoryStorage();

  /** A photo recorded `ageMs` before now, in the given state. */
  async function photo(
    ownerId: string,
    ageMs: number,
    state: 'awaiting_upload' | 'rejected' | 'ready' = 'awaiting_upload',
  ) {
    const id = newId();
    const storageKey = originalKey(ownerId, id, 'image/jpeg');
    clock.set(new Date(NOW.getTime() - ageMs));
    await photos.addAwaitingUpload([
      { id, ownerId, storageKey, originalFilename: 'x.jpg', contentType: 'image/jpeg', sizeBytes: 1 },
    ]);
    clock.set(NOW);
    if (state === 'rejected') photos.recordRejection(id, 'the file is not an image');
    if (state === 'ready') {
      photos.recordAnalysis({
        imageId: id,
        previewKey: `${storageKey}.preview`,
        thumbnailKey: `${storageKey}.thumb`,
        width: 1,
        height: 1,
        takenAt: null,
        place: null,
      });
    }
    return { id, storageKey };
  }

  return { deps: { photos, storage, clock, logger }, photos, jobs, logger, photo, storage };
}

const limit = UNORGANIZED_RECORD_DAYS * DAY;

describe('purgeUnorganizedPhotos', () => {
  it(`forgets photos never uploaded or rejected once older than ${UNORGANIZED_RECORD_DAYS} days, for every user`, async () => {
    const { deps, photos, photo } = setup();
    const abandoned = await photo(ana, limit + 1);
    const rejected = await photo(ana, 30 * DAY, 'rejected');
    const bobs = await photo(bob, limit + DAY);
    expect(await purgeUnorganizedPhotos(deps)).toBe(3);
    for (const gone of [abandoned, rejected, bobs]) expect(photos.rows.has(gone.id)).toBe(false);
  });

  it(`keeps them until ${UNORGANIZED_RECORD_DAYS} whole days have passed`, async () => {
    const { deps, photos, photo } = setup();
    const young = await photo(ana, (UNORGANIZED_RECORD_DAYS - 1) * DAY);
    const justAtTheLimit = await photo(ana, limit);
    const rejectedYesterday = await photo(ana, DAY, 'rejected');
    expect(await purgeUnorganizedPhotos(deps)).toBe(0);
    for (const kept of [young, justAtTheLimit, rejectedYesterday])
      expect(photos.rows.has(kept.id)).toBe(true);
  });

  it('never forgets an organized photo, however old', async () => {
    const { deps, photos, photo } = setup();
    const organized = await photo(ana, 365 * DAY, 'ready');
    expect(await purgeUnorganizedPhotos(deps)).toBe(0);
    expect(photos.rows.get(organized.id)?.status).toBe('ready');
  });

  it('keeps old photos that a pending or running job still names, but not those of finished jobs', async () => {
    const { deps, photos, jobs, photo } = setup();
    const queued = await photo(ana, 10 * DAY);
    const running = await photo(ana, 10 * DAY);
    const failedJobs = await photo(ana, 10 * DAY, 'rejected');
    const create = (key: string) =>
      jobs
        .create({ id: newId(), ownerId: ana, imageKeys: [key], idempotencyKey: null })
        .then((r) => r.job.id);
    await create(queued.storageKey);
    await jobs.claim(await create(running.storageKey), { leaseSeconds: 60, maxAttempts: 3 });
    const failedJob = await create(failedJobs.storageKey);
    await jobs.claim(failedJob, { leaseSeconds: 60, maxAttempts: 3 });
    await jobs.fail(failedJob, 1, 'none of the 1 photo(s) could be read', []);

    expect(await purgeUnorganizedPhotos(deps)).toBe(1);
    expect(photos.rows.has(queued.id)).toBe(true);
    expect(photos.rows.has(running.id)).toBe(true);
    expect(photos.rows.has(failedJobs.id)).toBe(false);
  });

  it('deletes the files of the photos it forgets — the original and the renditions ingest wrote — and no others', async () => {
    const { deps, storage, photos, photo } = setup();
    // Uploaded and read by ingest (its renditions beside it), never organized.
    const read = await photo(ana, 9 * DAY);
    const files = [
      read.storageKey,
      previewKey(read.storageKey),
      thumbnailKey(read.storageKey),
      modelImageKey(read.storageKey),
    ];
    for (const key of files) await storage.put(key, Buffer.from('x'), 'image/jpeg');
    await photos.recordIngested({
      imageId: read.id,
      previewKey: files[1] as string,
      thumbnailKey: files[2] as string,
      modelKey: files[3] as string,
      width: 1,
      height: 1,
      takenAt: null,
      takenAtSource: null,
      place: null,
      camera: null,
      settings: NO_CAMERA_SETTINGS,
      location: null,
      sha256: 'a'.repeat(64),
      perceptualHash: '0'.repeat(16),
      look: [],
    });
    const organized = await photo(bob, 9 * DAY, 'ready');
    await storage.put(organized.storageKey, Buffer.from('kept'), 'image/jpeg');
    expect(await purgeUnorganizedPhotos(deps)).toBe(1);
    for (const key of files) expect(storage.objects.has(key)).toBe(false);
    expect(storage.objects.has(organized.storageKey)).toBe(true);
  });

  it('tells the operator how many records went and where the cutoff was', async () => {
    const { deps, logger, photo } = setup();
    await photo(ana, 9 * DAY);
    await purgeUnorganizedPhotos(deps);
    expect(logger.entries).toEqual([
      {
        level: 'info',
        message: 'purged photos never organized',
        data: { deleted: 1, files: 4, cutoff: new Date(NOW.getTime() - limit).toISOString() },
      },
    ]);
  });
});
