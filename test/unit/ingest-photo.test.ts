/** Ingest reads each original once as it lands, with strict in-memory fakes of storage and records. */
import { createHash } from 'node:crypto';
import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import { FaceReaderUnavailableError } from '../../lambdas/core/errors.ts';
import { modelImageKey, originalKey, previewKey, thumbnailKey } from '../../lambdas/core/upload-policy.ts';
import { ingestPhoto } from '../../lambdas/core/use-cases/ingest-photo.ts';
import {
  FakeAnalyzer,
  FakeFaceReader,
  InMemoryPeople,
  InMemoryPhotos,
  InMemoryStorage,
  newId,
  RecordingLogger,
  RecordingProgress,
} from '../fakes/in-memory-ports.ts';

const owner = newId();
const porto = { city: 'Porto', country: 'Portugal' };

async function setup(
  content: string | null,
  sizeBytes = 10_000,
  file: { name?: string; modifiedAt?: Date; declaredSha256?: string } = {},
) {
  const photos = new InMemoryPhotos();
  const storage = new InMemoryStorage();
  const people = new InMemoryPeople();
  const faces = new FakeFaceReader();
  const id = newId();
  const key = originalKey(owner, id, 'image/jpeg');
  await photos.addAwaitingUpload([
    {
      id,
      ownerId: owner,
      storageKey: key,
      originalFilename: file.name ?? 'a.jpg',
      contentType: 'image/jpeg',
      sizeBytes,
      fileModifiedAt: file.modifiedAt ?? null,
      declaredSha256: file.declaredSha256 ?? null,
    },
  ]);
  if (content !== null) await storage.put(key, Buffer.from(content), 'image/jpeg');
  const resolved: [number, number][] = [];
  const progress = new RecordingProgress();
  const deps = {
    photos,
    storage,
    analyzer: new FakeAnalyzer(),
    places: {
      resolve: (latitude: number, longitude: number) => {
        resolved.push([latitude, longitude]);
        return porto;
      },
    },
    settings: people,
    people,
    faces,
    logger: silentLogger,
    progress,
  };
  return { deps, photos, storage, id, key, resolved, people, faces, progress };
}

const described = JSON.stringify({
  takenAt: '2026-05-02T10:00:00Z',
  gps: { latitude: 41.1, longitude: -8.6 },
});

test('an original is read once: renditions beside it, facts and fingerprints recorded, analyzed', async () => {
  const { deps, photos, storage, id, key, resolved } = await setup(described);
  expect(await ingestPhoto(deps, key)).toBe('analyzed');
  for (const rendition of [previewKey(key), thumbnailKey(key), modelImageKey(key)])
    expect(storage.objects.has(rendition)).toBe(true);
  const [photo] = await photos.findOwnedByKeys(owner, [key]);
  expect(photo).toMatchObject({
    status: 'analyzed',
    previewKey: previewKey(key),
    thumbnailKey: thumbnailKey(key),
    modelKey: modelImageKey(key),
    takenAt: new Date('2026-05-02T10:00:00Z'),
    place: porto,
    width: 4,
    height: 3,
  });
  expect(resolved).toEqual([[41.1, -8.6]]);
  expect(photos.fingerprints.get(id)?.sha256).toMatch(/^[0-9a-f]{64}$/);
});

test('the camera’s settings are kept, and the GPS fix only rounded to about 100 m; the town comes from the exact fix', async () => {
  const { deps, photos, key, resolved } = await setup(
    JSON.stringify({
      gps: { latitude: 41.149637666, longitude: -8.610944444 },
      camera: 'FUJIFILM X100V',
      settings: {
        make: 'FUJIFILM',
        model: 'X100V',
        exposureSeconds: 0.004,
        fNumber: 2,
        iso: 160,
        focalLengthMm: 23,
      },
    }),
  );
  expect(await ingestPhoto(deps, key)).toBe('analyzed');
  const [photo] = await photos.findOwnedByKeys(owner, [key]);
  expect(photo).toMatchObject({
    camera: 'FUJIFILM X100V',
    settings: {
      make: 'FUJIFILM',
      model: 'X100V',
      lens: null,
      exposureSeconds: 0.004,
      fNumber: 2,
      iso: 160,
      focalLengthMm: 23,
    },
    location: { latitude: 41.15, longitude: -8.611 },
    place: porto,
  });
  expect(resolved).toEqual([[41.149637666, -8.610944444]]);
  expect(JSON.stringify(photo)).not.toMatch(/41\.1496|8\.6109/);
});

test('a photo without GPS has no location', async () => {
  const { deps, photos, key } = await setup(JSON.stringify({ takenAt: '2026-05-02T10:00:00Z' }));
  expect(await ingestPhoto(deps, key)).toBe('analyzed');
  const [photo] = await photos.findOwnedByKeys(owner, [key]);
  expect(photo).toMatchObject({ location: null, place: null, settings: { make: null, iso: null } });
});

test('a photo’s date comes from its camera, else its file name, else its file’s time, and says which', async () => {
  const modifiedAt = new Date('2024-03-03T09:00:00Z');
  const cases = [
    { content: described, name: 'IMG_20190101_101010.jpg', takenAt: '2026-05-02T10:00:00Z', source: 'exif' },
    { content: '{}', name: 'IMG-20191006-WA0002.jpg', takenAt: '2019-10-06T12:00:00Z', source: 'file-name' },
    { content: '{}', name: 'holiday.jpg', takenAt: modifiedAt.toISOString(), source: 'file-time' },
  ];
  for (const { content, name, takenAt, source } of cases) {
    const { deps, photos, key } = await setup(content, 10_000, { name, modifiedAt });
    expect(await ingestPhoto(deps, key)).toBe('analyzed');
    const [photo] = await photos.findOwnedByKeys(owner, [key]);
    expect({ name, takenAt: photo?.takenAt?.toISOString(), source: photo?.takenAtSource }).toEqual({
      name,
      takenAt: new Date(takenAt).toISOString(),
      source,
    });
  }
  const { deps, photos, key } = await setup('{}', 10_000, { name: 'holiday.jpg' });
  await ingestPhoto(deps, key);
  expect((await photos.findOwnedByKeys(owner, [key]))[0]).toMatchObject({
    takenAt: null,
    takenAtSource: null,
  });
});

test('a duplicate event reads the same object again and changes nothing', async () => {
  const { deps, photos, key } = await setup(described);
  await ingestPhoto(deps, key);
  const first = await photos.findOwnedByKeys(owner, [key]);
  expect(await ingestPhoto(deps, key)).toBe('analyzed');
  expect(await photos.findOwnedByKeys(owner, [key])).toEqual(first);
});

test('a re-upload to the same key is read again; an organized photo stays organized', async () => {
  const { deps, photos, storage, key, id } = await setup(described);
  await ingestPhoto(deps, key);
  photos.recordAnalysis({
    imageId: id,
    previewKey: previewKey(key),
    thumbnailKey: thumbnailKey(key),
    width: 4,
    height: 3,
    takenAt: null,
    place: null,
  });
  await storage.put(key, Buffer.from(JSON.stringify({ takenAt: '2027-01-01T00:00:00Z' })), 'image/jpeg');
  expect(await ingestPhoto(deps, key)).toBe('analyzed');
  const [photo] = await photos.findOwnedByKeys(owner, [key]);
  expect(photo).toMatchObject({ status: 'ready', takenAt: new Date('2027-01-01T00:00:00Z'), place: null });
});

test('what cannot be read is rejected with the reason; a larger file than declared too', async () => {
  const bad = await setup('not an image');
  expect(await ingestPhoto(bad.deps, bad.key)).toBe('rejected');
  expect((await bad.photos.findOwnedByKeys(owner, [bad.key]))[0]).toMatchObject({
    status: 'rejected',
    rejectionReason: 'the file is not an image',
  });
  const large = await setup(described, 10);
  expect(await ingestPhoto(large.deps, large.key)).toBe('rejected');
  expect((await large.photos.findOwnedByKeys(owner, [large.key]))[0]?.rejectionReason).toBe(
    'the file is larger than declared',
  );
});

test('each photo’s outcome is published to its owner as it is read: ready, or rejected with the reason', async () => {
  const good = await setup(described);
  await ingestPhoto(good.deps, good.key);
  expect(good.progress.published).toEqual([
    { ownerId: owner, event: { type: 'photo', imageId: good.id, key: good.key, status: 'ready' } },
  ]);
  const bad = await setup('not an image');
  await ingestPhoto(bad.deps, bad.key);
  expect(bad.progress.events()).toEqual([
    { type: 'photo', imageId: bad.id, key: bad.key, status: 'rejected', reason: 'the file is not an image' },
  ]);
});

test('publishing is best effort: a failing events endpoint never fails ingest', async () => {
  const { deps, photos, key, progress } = await setup(described);
  progress.failing = new Error('events endpoint unreachable');
  const logger = new RecordingLogger();
  expect(await ingestPhoto({ ...deps, logger }, key)).toBe('analyzed');
  expect((await photos.findOwnedByKeys(owner, [key]))[0]?.status).toBe('analyzed');
  expect(logger.entries.map((entry) => entry.level)).toContain('warn');
});

test('renditions, unknown keys and objects deleted since the event are not read', async () => {
  const { deps, storage, key } = await setup(described);
  expect(await ingestPhoto(deps, previewKey(key))).toBe('ignored');
  expect(await ingestPhoto(deps, modelImageKey(key))).toBe('ignored');
  expect(await ingestPhoto(deps, originalKey(owner, newId(), 'image/jpeg'))).toBe('ignored');
  expect(await ingestPhoto(deps, 'elsewhere/x.jpg')).toBe('ignored');
  storage.objects.delete(key);
  expect(await ingestPhoto(deps, key)).toBe('missing');
});

describe('people recognition at ingest', () => {
  const face = (descriptor: number[], x = 0.1) => ({
    box: { x, y: 0.1, width: 0.2, height: 0.2 },
    score: 0.9,
    descriptor,
  });
  const alice = Array.from({ length: 128 }, (_, index) => (index % 7) / 20);
  const bob = Array.from({ length: 128 }, (_, index) => ((index + 3) % 5) / 10);
  const withFaces = (...faces: ReturnType<typeof face>[]) =>
    JSON.stringify({ takenAt: '2026-05-02T10:00:00Z', faces });

  test('off (the default): faces are never looked for, nothing is stored', async () => {
    const { deps, people, faces, key } = await setup(withFaces(face(alice)));
    expect(await ingestPhoto(deps, key)).toBe('analyzed');
    expect(faces.reads).toBe(0);
    expect(people.faces.size).toBe(0);
  });

  test('on: the faces are recorded and assigned to people before the photo is analyzed', async () => {
    const { deps, people, faces, id, key, photos } = await setup(withFaces(face(alice), face(bob, 0.6)));
    await people.update(owner, { peopleRecognition: true });
    expect(await ingestPhoto(deps, key)).toBe('analyzed');
    expect(faces.reads).toBe(1);
    const shown = await people.peopleInPhotos(owner, [id]);
    expect(shown.get(id)).toHaveLength(2);
    const [photo] = await photos.findOwnedByKeys(owner, [key]);
    expect(photo?.status).toBe('analyzed');
  });

  test('a face reader that fails costs the photo its people, never the photo: analyzed, error logged', async () => {
    const { deps, people, id, key, photos } = await setup(withFaces(face(alice)));
    await people.update(owner, { peopleRecognition: true });
    const logger = new RecordingLogger();
    const failing = {
      ...deps,
      logger,
      faces: {
        read: async () => {
          throw new Error('ENOENT: face-models/tiny_face_detector_model.bin');
        },
      },
    };
    expect(await ingestPhoto(failing, key)).toBe('analyzed');
    expect((await photos.findOwnedByKeys(owner, [key]))[0]?.status).toBe('analyzed');
    expect((await people.peopleInPhotos(owner, [id])).size).toBe(0);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', data: expect.objectContaining({ imageId: id }) }),
    );
  });

  test('a face reader that cannot read at all (models not loaded) fails the read, to be retried', async () => {
    const { deps, people, key, photos } = await setup(withFaces(face(alice)));
    await people.update(owner, { peopleRecognition: true });
    const unavailable = {
      ...deps,
      faces: { read: () => Promise.reject(new FaceReaderUnavailableError('no model file')) },
    };
    await expect(ingestPhoto(unavailable, key)).rejects.toBeInstanceOf(FaceReaderUnavailableError);
    expect((await photos.findOwnedByKeys(owner, [key]))[0]?.status).toBe('awaiting_upload');
  });

  test('an organized photo whose new bytes are no photo keeps its faces', async () => {
    const { deps, people, id, key, storage, photos } = await setup(withFaces(face(alice)));
    await people.update(owner, { peopleRecognition: true });
    await ingestPhoto(deps, key);
    photos.recordAnalysis({
      imageId: id,
      previewKey: previewKey(key),
      thumbnailKey: thumbnailKey(key),
      width: 4,
      height: 3,
      takenAt: null,
      place: null,
    });
    await storage.put(key, Buffer.from('not a photo'), 'image/jpeg');
    expect(await ingestPhoto(deps, key)).toBe('rejected');
    expect((await people.peopleInPhotos(owner, [id])).size).toBe(1);
  });

  test('read again with a failing face reader, or as bytes that are no photo: the old faces go', async () => {
    const { deps, people, id, key, storage } = await setup(withFaces(face(alice)));
    await people.update(owner, { peopleRecognition: true });
    await ingestPhoto(deps, key);
    expect((await people.peopleInPhotos(owner, [id])).size).toBe(1);
    const failing = { ...deps, faces: { read: () => Promise.reject(new Error('no model')) } };
    expect(await ingestPhoto(failing, key)).toBe('analyzed');
    expect((await people.peopleInPhotos(owner, [id])).size).toBe(0);
    expect(people.people).toHaveLength(0);

    await ingestPhoto(deps, key);
    expect(people.people).toHaveLength(1);
    await storage.put(key, Buffer.from('not a photo'), 'image/jpeg');
    expect(await ingestPhoto(deps, key)).toBe('rejected');
    expect((await people.peopleInPhotos(owner, [id])).size).toBe(0);
    expect(people.people).toHaveLength(0);
  });

  test('read again (a duplicate event): the same faces, the same people, nothing doubled', async () => {
    const { deps, people, id, key } = await setup(withFaces(face(alice)));
    await people.update(owner, { peopleRecognition: true });
    await ingestPhoto(deps, key);
    const first = await people.peopleInPhotos(owner, [id]);
    await ingestPhoto(deps, key);
    expect(await people.peopleInPhotos(owner, [id])).toEqual(first);
    expect(people.people).toHaveLength(1);
    expect(people.people[0]?.faceCount).toBe(1);
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Another upload of `bytes` (by `ownerId`, as `name`) landing in storage; returns its key. */
async function landAnother(
  { photos, storage }: { photos: InMemoryPhotos; storage: InMemoryStorage },
  ownerId: string,
  name: string,
  bytes: string,
): Promise<string> {
  const id = newId();
  const key = originalKey(ownerId, id, 'image/jpeg');
  await photos.addAwaitingUpload([
    {
      id,
      ownerId,
      storageKey: key,
      originalFilename: name,
      contentType: 'image/jpeg',
      sizeBytes: 10_000,
    },
  ]);
  await storage.put(key, Buffer.from(bytes), 'image/jpeg');
  return key;
}

describe('the same bytes twice', () => {
  it('reads bytes that match the hash announced with the upload request', async () => {
    const { deps, key } = await setup(described, 10_000, { declaredSha256: sha256(described) });
    expect(await ingestPhoto(deps, key)).toBe('analyzed');
  });

  it('rejects bytes that do not match the announced hash, saying to upload the file again', async () => {
    const { deps, photos, key } = await setup(described, 10_000, { declaredSha256: sha256('other bytes') });
    expect(await ingestPhoto(deps, key)).toBe('rejected');
    const [photo] = await photos.findOwnedByKeys(owner, [key]);
    expect(photo).toMatchObject({
      status: 'rejected',
      rejectionReason: "the uploaded bytes do not match the file's checksum; upload it again",
    });
  });

  it('rejects a copy of a photo already in the library (sent without a hash), naming the original', async () => {
    const { deps, photos, key: first } = await setup(described, 10_000, { name: 'IMG_0001.jpg' });
    expect(await ingestPhoto(deps, first)).toBe('analyzed');
    const second = await landAnother({ photos, storage: deps.storage }, owner, 'copy.jpg', described);
    expect(await ingestPhoto(deps, second)).toBe('rejected');
    expect(await photos.findOwnedByKeys(owner, [first, second])).toEqual([
      expect.objectContaining({ storageKey: first, status: 'analyzed' }),
      expect.objectContaining({
        storageKey: second,
        status: 'rejected',
        rejectionReason: 'already in your library (as IMG_0001.jpg)',
      }),
    ]);
    // The original read again (a repeated event) is still itself, not a copy of anything.
    expect(await ingestPhoto(deps, first)).toBe('analyzed');
  });

  it('keeps the same bytes of two different owners', async () => {
    const { deps, photos, key } = await setup(described);
    expect(await ingestPhoto(deps, key)).toBe('analyzed');
    const theirs = await landAnother({ photos, storage: deps.storage }, newId(), 'a.jpg', described);
    expect(await ingestPhoto(deps, theirs)).toBe('analyzed');
  });
});
