import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import { LEFTOVER_ALBUM_TITLE } from '../../lambdas/core/album-plan.ts';
import type { JobReport } from '../../lambdas/core/ports.ts';
import { modelImageKey, originalKey, previewKey } from '../../lambdas/core/upload-policy.ts';
import { ingestPhoto } from '../../lambdas/core/use-cases/ingest-photo.ts';
import {
  IN_THE_TRASH,
  JobBusyError,
  type ProcessJobDeps,
  processJob,
} from '../../lambdas/core/use-cases/process-job.ts';
import {
  FakeAnalyzer,
  FakeFaceReader,
  InMemoryAlbumSummaries,
  InMemoryAlbums,
  InMemoryJobs,
  InMemoryPeople,
  InMemoryPhotos,
  InMemoryStorage,
  InMemoryTrash,
  newId,
  RecordingLogger,
  RecordingProgress,
  ScriptedPlanner,
  sequentialIds,
} from '../fakes/in-memory-ports.ts';

const owner = newId();

async function setup(files: (string | null)[], options: { peopleRecognition?: boolean } = {}) {
  const photos = new InMemoryPhotos();
  const jobs = new InMemoryJobs();
  const storage = new InMemoryStorage();
  const planner = new ScriptedPlanner();
  // The offline organizer, scripted: one album per calendar day, in the order sent.
  const offline = new ScriptedPlanner();
  offline.answer = (sent) => {
    const days = new Map<string, string[]>();
    for (const photo of sent) {
      const day = photo.takenAt?.toISOString().slice(0, 10) ?? 'undated';
      days.set(day, [...(days.get(day) ?? []), photo.ref]);
    }
    return {
      organizer: 'offline',
      raw: {
        albums: [...days].map(([day, refs]) => ({ title: day, description: 'That day', photoIds: refs })),
      },
    };
  };
  const keys: string[] = [];
  for (const [index, content] of files.entries()) {
    const id = newId();
    const key = originalKey(owner, id, 'image/jpeg');
    keys.push(key);
    await photos.addAwaitingUpload([
      {
        id,
        ownerId: owner,
        storageKey: key,
        originalFilename: `f${index}.jpg`,
        contentType: 'image/jpeg',
        sizeBytes: 10_000,
      },
    ]);
    if (content !== null) await storage.put(key, Buffer.from(content), 'image/jpeg');
  }
  const { job } = await jobs.create({ id: newId(), ownerId: owner, imageKeys: keys, idempotencyKey: null });
  const reports: JobReport[] = [];
  const progress = new RecordingProgress();
  const people = new InMemoryPeople();
  const albumSummaries = new InMemoryAlbumSummaries();
  if (options.peopleRecognition) await people.update(owner, { peopleRecognition: true });
  const deps: ProcessJobDeps = {
    jobs,
    albumSummaries,
    photos,
    storage,
    planner,
    offlinePlanner: offline,
    analyzer: new FakeAnalyzer(),
    places: { resolve: () => ({ city: 'Porto', country: 'Portugal' }) },
    settings: people,
    people,
    faces: new FakeFaceReader(),
    ids: sequentialIds(),
    logger: silentLogger,
    claimPolicy: { leaseSeconds: 60, maxAttempts: 3 },
    // Not waiting: photos not read yet are read by the job itself.
    arrival: { waitMs: 0, pollMs: 1 },
    clock: { now: () => new Date() },
    sleep: async () => {},
    metrics: { jobFinished: (report) => reports.push(report) },
    progress,
    imageConcurrency: 2,
  };
  return {
    deps,
    jobs,
    storage,
    planner,
    offline,
    keys,
    jobId: job.id,
    reports,
    albumSummaries,
    photos,
    progress,
    owner,
  };
}

const photo = (takenAt: string, gps = true) =>
  JSON.stringify({ takenAt, ...(gps ? { gps: { latitude: 41.1, longitude: -8.6 } } : {}) });

describe('processJob', () => {
  it('tells the planner who each photo shows (the owner turned people recognition on)', async () => {
    const descriptor = (value: number) =>
      Array.from({ length: 128 }, (_, index) => ((index % 5) * value) / 10);
    const face = (value: number) => ({
      box: { x: 0.1, y: 0.1, width: 0.2, height: 0.2 },
      score: 0.9,
      descriptor: descriptor(value),
    });
    const withFaces = (...faces: ReturnType<typeof face>[]) =>
      JSON.stringify({ takenAt: '2026-05-02T10:00:00Z', faces });
    const { deps, planner, jobId } = await setup(
      [withFaces(face(1)), withFaces(face(1), face(3)), photo('2026-05-02T12:00:00Z')],
      {
        peopleRecognition: true,
      },
    );
    expect(await processJob(deps, jobId)).toBe('completed');
    const [first, second, third] = planner.calls[0] ?? [];
    expect(first?.people).toHaveLength(1);
    expect(second?.people).toHaveLength(2);
    expect(second?.people).toContain(first?.people?.[0]);
    expect(third?.people).toEqual([]);
  });

  it('stores what each photo is about with the job, offline without anything from faces (no name, named or hidden)', async () => {
    const face = (value: number) => ({
      box: { x: 0.1, y: 0.1, width: 0.2, height: 0.2 },
      score: 0.9,
      descriptor: Array.from({ length: 128 }, (_, index) => ((index % 5) * value) / 10),
    });
    const { deps, jobs, planner, keys, jobId, photos } = await setup(
      [
        JSON.stringify({ takenAt: '2026-05-02T10:00:00Z', faces: [face(1), face(3)] }),
        photo('2026-05-03T10:00:00Z'),
      ],
      { peopleRecognition: true },
    );
    for (const key of keys) await ingestPhoto(deps, key);
    const people = deps.people as InMemoryPeople;
    const [ana, hidden] = people.people.map((person) => person.id);
    await people.updatePerson(owner, ana as string, { name: 'Ana' });
    await people.updatePerson(owner, hidden as string, { name: 'Secret', hidden: true });
    planner.failWith('down');
    expect(await processJob(deps, jobId)).toBe('completed');
    const ids = (await photos.findOwnedByKeys(owner, keys)).map((p) => p.id);
    expect(
      jobs.outcomes
        .get(jobId)
        ?.descriptions?.map((d) => d.imageId)
        .sort(),
    ).toEqual([...ids].sort());
    const byKey = new Map((await photos.findOwnedByKeys(owner, keys)).map((p) => [p.storageKey, p.id]));
    expect(jobs.descriptions.get(byKey.get(keys[0] as string) as string)).toEqual({
      // No GPS in this one: the day only. Its faces (Ana, and a hidden person) are not written into the
      // description, which is searched and would outlive turning recognition off or hiding someone.
      caption: 'Saturday 2 May 2026',
      tags: ['may'],
      source: 'offline',
    });
    expect(jobs.descriptions.get(byKey.get(keys[1] as string) as string)?.caption).toBe(
      'Porto, Portugal · Sunday 3 May 2026',
    );
  });

  it('sends every readable photo to the planner in one call and stores its albums', async () => {
    const { deps, jobs, storage, planner, keys, jobId } = await setup([
      photo('2026-05-02T10:00:00Z'),
      photo('2026-05-03T10:00:00Z'),
    ]);
    expect(await processJob(deps, jobId)).toBe('completed');
    expect(planner.calls).toHaveLength(1);
    expect(planner.calls[0]?.map((p) => p.ref)).toEqual(['p1', 'p2']);
    expect(planner.calls[0]?.[0]).toMatchObject({
      place: { city: 'Porto', country: 'Portugal' },
      image: { mimeType: 'image/jpeg' },
    });
    const outcome = jobs.outcomes.get(jobId);
    expect(outcome?.albums).toHaveLength(1);
    expect(outcome?.albums[0]?.imageIds).toHaveLength(2);
    expect(outcome?.result).toMatchObject({
      organizer: 'gemini',
      model: 'fake-model',
      usage: { totalTokens: 15 },
    });
    for (const key of keys) expect(storage.objects.has(previewKey(key))).toBe(true);
    expect([...storage.kept].sort()).toEqual([...keys].sort());
    // Both dates came from the photos' EXIF (the fake analyzer's takenAt).
    expect(outcome?.result.dateSources).toEqual({ exif: 2, 'file-name': 0, 'file-time': 0, none: 0 });
  });

  it('offers the owner’s nearby albums to the planner, with covers, and lets photos join them', async () => {
    const { deps, jobs, storage, planner, jobId, albumSummaries, photos } = await setup([
      photo('2026-05-02T10:00:00Z'),
      photo('2026-05-02T11:00:00Z'),
    ]);
    const porto = newId();
    const coverKey = 'users/x/photos/y/model.jpg';
    await storage.put(coverKey, Buffer.from('cover'), 'image/jpeg');
    const album = (id: string, title: string, from: string | null, madeByUser = false) => ({
      ownerId: owner,
      id,
      title,
      description: `${title}, as it was`,
      from: from ? new Date(from) : null,
      until: from ? new Date(from) : null,
      places: [],
      photoCount: 3,
      madeByUser,
      coverModelKey: id === porto ? coverKey : null,
      updatedAt: new Date('2026-05-10T00:00:00Z'),
    });
    const dogs = newId();
    albumSummaries.albums = [
      album(porto, 'Porto', '2026-05-01T18:00:00Z'),
      album(newId(), 'Long ago', '2019-01-01T00:00:00Z'),
      album(dogs, 'Dogs', null, true),
      { ...album(newId(), 'Someone else’s', '2026-05-02T10:00:00Z'), ownerId: newId() },
    ];
    const [first, second] = [...photos.rows.values()].map((row) => row.id);
    // The user once took the second photo out of Porto: it must not go back, whatever the model says.
    albumSummaries.excluded = [[owner, second as string, porto]];
    planner.answer = (sent, existing) => ({
      organizer: 'gemini',
      raw: {
        albums: [
          {
            title: 'ignored',
            description: 'ignored',
            photoIds: sent.map((p) => p.ref),
            existingAlbumId: existing.find((a) => a.title === 'Porto')?.ref,
          },
        ],
      },
    });

    expect(await processJob(deps, jobId)).toBe('completed');
    const offered = planner.offered[0] ?? [];
    expect(offered.map((a) => [a.ref, a.title])).toEqual([
      ['a1', 'Porto'],
      ['a2', 'Dogs'],
    ]);
    expect(offered[0]?.cover?.bytes).toEqual(new Uint8Array(Buffer.from('cover')));
    expect(offered[1]?.cover).toBeNull();
    const outcome = jobs.outcomes.get(jobId);
    expect(outcome?.albums.map((a) => [a.id, a.joins ?? false, a.title, a.imageIds])).toEqual([
      [porto, true, 'Porto', [first]],
      [expect.any(String), false, LEFTOVER_ALBUM_TITLE, [second]],
    ]);
    expect(outcome?.result).toMatchObject({
      albumCount: 2,
      newAlbums: 1,
      joined: [{ albumId: porto, title: 'Porto', added: 1 }],
    });
  });

  it('records missing and unreadable photos as rejected and organizes the rest', async () => {
    const { deps, jobs, keys, jobId } = await setup([
      photo('2026-05-02T10:00:00Z'),
      null,
      'GIF89a not a jpeg',
    ]);
    expect(await processJob(deps, jobId)).toBe('completed');
    const outcome = jobs.outcomes.get(jobId);
    expect(outcome?.rejected.map((r) => [r.storageKey, r.reason])).toEqual(
      expect.arrayContaining([
        [keys[1], 'the upload never arrived'],
        [keys[2], 'the file is not an image'],
      ]),
    );
    expect(outcome?.albums.flatMap((album) => album.imageIds)).toHaveLength(1);
  });

  it('organizes offline when the planner fails for good, and says why on the job', async () => {
    const { deps, jobs, planner, offline, jobId } = await setup([
      photo('2026-05-02T10:00:00Z'),
      photo('2026-05-04T10:00:00Z'),
    ]);
    planner.failWith('503 after 4 attempts');
    expect(await processJob(deps, jobId)).toBe('completed');
    const outcome = jobs.outcomes.get(jobId);
    expect(offline.calls).toHaveLength(1);
    expect(outcome?.albums.map((album) => album.title)).toEqual(['2026-05-02', '2026-05-04']);
    expect(outcome?.result).toMatchObject({
      organizer: 'offline',
      albumCount: 2,
      placedCount: 2,
      fallbackReason: '503 after 4 attempts',
    });
  });

  it('falls back to one album holding every photo only when the offline organizer fails too', async () => {
    const { deps, jobs, planner, offline, jobId } = await setup([
      photo('2026-05-02T10:00:00Z'),
      photo('2026-05-04T10:00:00Z'),
    ]);
    planner.failWith('503 after 4 attempts');
    offline.failWith('offline organizer broke');
    expect(await processJob(deps, jobId)).toBe('completed');
    const outcome = jobs.outcomes.get(jobId);
    expect(outcome?.albums).toHaveLength(1);
    expect(outcome?.albums[0]?.title).toBe('Photos from 2 May 2026 to 4 May 2026');
    expect(outcome?.result).toMatchObject({ organizer: 'fallback', fallbackReason: '503 after 4 attempts' });
  });

  it('keeps what a failed model call cost and said on the job when the offline organizer steps in', async () => {
    const { deps, jobs, planner, jobId } = await setup([photo('2026-05-02T10:00:00Z')]);
    planner.answer = () => ({
      organizer: 'gemini',
      model: 'fake-model',
      usage: { promptTokens: 300, outputTokens: 20, totalTokens: 320 },
      raw: 'Sure! Here are your albums',
    });
    await processJob(deps, jobId);
    expect(jobs.outcomes.get(jobId)?.result).toMatchObject({
      organizer: 'offline',
      fallbackReason: expect.stringContaining('not JSON'),
      model: 'fake-model',
      usage: { promptTokens: 300, outputTokens: 20, totalTokens: 320 },
      rawAnswer: 'Sure! Here are your albums',
    });
  });

  it('falls back when the answer cannot be used at all, and repairs one that can', async () => {
    const broken = await setup([photo('2026-05-02T10:00:00Z')]);
    broken.planner.answer = () => ({ organizer: 'gemini', raw: 'not json {' });
    await processJob(broken.deps, broken.jobId);
    expect(broken.jobs.outcomes.get(broken.jobId)?.result.organizer).toBe('offline');

    const partial = await setup([photo('2026-05-02T10:00:00Z'), photo('2026-05-02T11:00:00Z')]);
    partial.planner.answer = () => ({
      organizer: 'gemini',
      raw: { albums: [{ title: 'One', photoIds: ['p1', 'p99'] }] },
    });
    await processJob(partial.deps, partial.jobId);
    const outcome = partial.jobs.outcomes.get(partial.jobId);
    expect(outcome?.albums.map((album) => album.title)).toEqual(['One', LEFTOVER_ALBUM_TITLE]);
    expect(outcome?.result.repairs?.length).toBeGreaterThan(0);
  });

  it('reports each finished job for the dashboard: counts, tokens and cost, and why the model was not used', async () => {
    const organized = await setup([photo('2026-05-02T10:00:00Z'), null]);
    organized.planner.answer = (photos) => ({
      organizer: 'gemini',
      model: 'fake-model',
      usage: { promptTokens: 900, outputTokens: 120, totalTokens: 1020, estimatedCostUsd: 0.0006 },
      raw: { albums: [{ title: 'A day', description: 'It', photoIds: photos.map((p) => p.ref) }] },
    });
    await processJob(organized.deps, organized.jobId);
    expect(organized.reports).toEqual([
      {
        outcome: 'completed',
        organizer: 'gemini',
        photos: 1,
        rejected: 1,
        albums: 1,
        fallback: false,
        modelUnreachable: false,
        modelMs: expect.any(Number),
        usage: { promptTokens: 900, outputTokens: 120, totalTokens: 1020, estimatedCostUsd: 0.0006 },
      },
    ]);

    const unreachable = await setup([photo('2026-05-02T10:00:00Z')]);
    unreachable.planner.failWith('Gemini call failed after 4 attempt(s): network error', {
      unreachable: true,
    });
    await processJob(unreachable.deps, unreachable.jobId);
    expect(unreachable.reports).toEqual([
      expect.objectContaining({ organizer: 'offline', fallback: true, modelUnreachable: true }),
    ]);

    const refused = await setup([photo('2026-05-02T10:00:00Z')]);
    refused.planner.failWith('HTTP 400 INVALID_ARGUMENT');
    await processJob(refused.deps, refused.jobId);
    expect(refused.reports).toEqual([expect.objectContaining({ fallback: true, modelUnreachable: false })]);

    const unreadable = await setup([null]);
    await processJob(unreadable.deps, unreadable.jobId);
    expect(unreadable.reports).toEqual([
      expect.objectContaining({ outcome: 'failed', rejected: 1, photos: 0 }),
    ]);
  });

  it('organizes photos read as they landed from their stored facts and renditions, never reading an original', async () => {
    const { deps, storage, keys, jobId, planner, jobs } = await setup([
      photo('2026-05-02T10:00:00Z'),
      photo('2026-05-03T10:00:00Z'),
    ]);
    for (const key of keys) await ingestPhoto(deps, key);
    const read: string[] = [];
    const get = storage.get.bind(storage);
    storage.get = async (key: string) => {
      read.push(key);
      return get(key);
    };
    expect(await processJob(deps, jobId)).toBe('completed');
    expect(read.sort()).toEqual(keys.map(modelImageKey).sort());
    expect(planner.calls[0]?.map((sent) => sent.takenAt?.toISOString())).toEqual([
      '2026-05-02T10:00:00.000Z',
      '2026-05-03T10:00:00.000Z',
    ]);
    expect(planner.calls[0]?.[0]?.place).toEqual({ city: 'Porto', country: 'Portugal' });
    expect(jobs.rows.get(jobId)?.status).toBe('completed');
  });

  it('stays pending while photos are still being read, then organizes them once read', async () => {
    const { deps, keys, jobId, jobs, storage } = await setup([
      photo('2026-05-02T10:00:00Z'),
      photo('2026-05-03T10:00:00Z'),
    ]);
    await ingestPhoto(deps, keys[0] as string);
    const statuses: string[] = [];
    let now = Date.now();
    const waiting = {
      ...deps,
      arrival: { waitMs: 60_000, pollMs: 500 },
      clock: { now: () => new Date(now) },
      // While the job waits, the second photo lands and is read.
      sleep: async (ms: number) => {
        statuses.push(jobs.rows.get(jobId)?.status as string);
        now += ms;
        await ingestPhoto(deps, keys[1] as string);
      },
    };
    const read: string[] = [];
    const get = storage.get.bind(storage);
    storage.get = async (key: string) => {
      read.push(key);
      return get(key);
    };
    expect(await processJob(waiting, jobId)).toBe('completed');
    expect(statuses).toEqual(['pending']);
    // Only ingest (in the wait) read the second original; the job read renditions.
    expect(read.filter((key) => key.endsWith('original.jpg'))).toEqual([keys[1]]);
  });

  it('waits no longer than its bound from the job’s creation, then reads or rejects the stragglers itself', async () => {
    const { deps, keys, jobId, jobs } = await setup([photo('2026-05-02T10:00:00Z'), null]);
    let now = Date.now();
    let slept = 0;
    const bounded = {
      ...deps,
      arrival: { waitMs: 2_000, pollMs: 500 },
      clock: { now: () => new Date(now) },
      sleep: async (ms: number) => {
        slept += ms;
        now += ms;
      },
    };
    expect(await processJob(bounded, jobId)).toBe('completed');
    expect(slept).toBe(2_000);
    expect(jobs.outcomes.get(jobId)?.rejected.map((r) => [r.storageKey, r.reason])).toEqual([
      [keys[1], 'the upload never arrived'],
    ]);
  });

  it('fails the job with a reason when no photo can be read', async () => {
    const { deps, jobs, planner, jobId } = await setup([null, 'nope']);
    expect(await processJob(deps, jobId)).toBe('failed');
    expect(planner.calls).toHaveLength(0);
    expect(jobs.rows.get(jobId)).toMatchObject({
      status: 'failed',
      error: 'none of the 2 photo(s) could be read',
    });
  });

  it('ignores a duplicate delivery of a finished job and retries a busy one later', async () => {
    const { deps, planner, jobId, jobs } = await setup([photo('2026-05-02T10:00:00Z')]);
    await processJob(deps, jobId);
    expect(await processJob(deps, jobId)).toBe('skipped');
    expect(planner.calls).toHaveLength(1);

    const busy = await setup([photo('2026-05-02T10:00:00Z')]);
    await busy.jobs.claim(busy.jobId, busy.deps.claimPolicy);
    await expect(processJob(busy.deps, busy.jobId)).rejects.toBeInstanceOf(JobBusyError);
    expect(jobs.rows.get(jobId)?.status).toBe('completed');
  });

  it('lets the next delivery of the same message take over a job its failed delivery still holds', async () => {
    const { deps, jobs, jobId } = await setup([photo('2026-05-02T10:00:00Z')]);
    // A delivery of message m-1 claimed the job and died without releasing it.
    await jobs.claim(jobId, deps.claimPolicy, 'm-1');
    await expect(processJob(deps, jobId, 'm-2')).rejects.toBeInstanceOf(JobBusyError);
    expect(await processJob(deps, jobId, 'm-1')).toBe('completed');
    expect(jobs.rows.get(jobId)?.attempts).toBe(2);
  });

  it('releases the job for redelivery when storage is down', async () => {
    const { deps, jobs, storage, jobId } = await setup([photo('2026-05-02T10:00:00Z')]);
    storage.failGets = true;
    await expect(processJob(deps, jobId)).rejects.toThrow('ECONNREFUSED');
    expect(jobs.rows.get(jobId)).toMatchObject({ status: 'pending', attempts: 1 });
    storage.failGets = false;
    expect(await processJob(deps, jobId)).toBe('completed');
    expect(jobs.rows.get(jobId)?.attempts).toBe(2);
  });

  it('stores no albums unless every organized original is tagged kept (an untagged one would expire)', async () => {
    const { deps, jobs, storage, planner, keys, jobId } = await setup([photo('2026-05-02T10:00:00Z')]);
    storage.failKeeps = true;
    await expect(processJob(deps, jobId)).rejects.toThrow('ECONNREFUSED');
    // Nothing was asked or stored, and the job waits for its redelivery.
    expect(planner.calls).toHaveLength(0);
    expect(jobs.outcomes.has(jobId)).toBe(false);
    expect(jobs.rows.get(jobId)).toMatchObject({ status: 'pending', attempts: 1 });
    storage.failKeeps = false;
    expect(await processJob(deps, jobId)).toBe('completed');
    expect([...storage.kept]).toEqual(keys);
  });

  it('marks the job failed with the last error when its final attempt fails', async () => {
    const { deps, jobs, storage, jobId } = await setup([photo('2026-05-02T10:00:00Z')]);
    storage.failGets = true;
    await expect(processJob(deps, jobId)).rejects.toThrow('ECONNREFUSED');
    await expect(processJob(deps, jobId)).rejects.toThrow('ECONNREFUSED');
    expect(await processJob(deps, jobId)).toBe('failed');
    expect(jobs.rows.get(jobId)).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: expect.stringContaining('gave up after 3 attempt(s); last error: connect ECONNREFUSED'),
    });
  });

  it('writes nothing when another attempt took the job meanwhile', async () => {
    const { deps, jobs, jobId } = await setup([photo('2026-05-02T10:00:00Z')]);
    jobs.loseLeaseOnComplete = true;
    expect(await processJob(deps, jobId)).toBe('skipped');
    expect(jobs.outcomes.size).toBe(0);
  });

  it('drops a message for a job that does not exist', async () => {
    const { deps } = await setup([]);
    expect(await processJob(deps, newId())).toBe('skipped');
  });

  it('leaves out a photo the user moved to the Trash after naming it, as rejected "in the Trash"', async () => {
    const { deps, jobs, planner, keys, jobId } = await setup([
      photo('2026-05-02T10:00:00Z'),
      photo('2026-05-02T11:00:00Z'),
    ]);
    const [trashed] = await deps.photos.findOwnedByKeys(owner, [keys[0] as string]);
    await new InMemoryTrash(
      deps.photos as InMemoryPhotos,
      new InMemoryAlbums(deps.photos as InMemoryPhotos),
    ).trash(owner, [trashed?.id as string], new Date());
    expect(await processJob(deps, jobId)).toBe('completed');
    expect(planner.calls[0]).toHaveLength(1);
    expect(jobs.outcomes.get(jobId)?.rejected.map((r) => [r.storageKey, r.reason])).toEqual([
      [keys[0], IN_THE_TRASH],
    ]);
  });
});

describe('live progress', () => {
  it('tells the owner each stage as it happens: photos read n/N while waiting, asking, saving, done', async () => {
    const { deps, keys, jobId, jobs, progress } = await setup([
      photo('2026-05-02T10:00:00Z'),
      photo('2026-05-03T10:00:00Z'),
    ]);
    await ingestPhoto(deps, keys[0] as string);
    let now = Date.now();
    const waiting = {
      ...deps,
      arrival: { waitMs: 60_000, pollMs: 500 },
      clock: { now: () => new Date(now) },
      sleep: async (ms: number) => {
        now += ms;
        await ingestPhoto(deps, keys[1] as string);
      },
    };
    expect(await processJob(waiting, jobId)).toBe('completed');
    expect(progress.published.every((entry) => entry.ownerId === owner)).toBe(true);
    expect(progress.events('job')).toEqual([
      { type: 'job', jobId, stage: 'waiting-for-photos', photosReady: 1, photoCount: 2 },
      { type: 'job', jobId, stage: 'asking-the-model', photoCount: 2 },
      { type: 'job', jobId, stage: 'saving', photoCount: 2 },
      {
        type: 'job',
        jobId,
        stage: 'completed',
        albums: jobs.outcomes.get(jobId)?.albums.length,
        rejected: 0,
      },
    ]);
    // Ingest told the owner of each photo as it was read.
    expect(progress.events('photo').map((event) => event.type === 'photo' && event.key)).toEqual(keys);
  });

  it('says a job failed, with the reason', async () => {
    const { deps, jobId, progress } = await setup([null, 'nope']);
    expect(await processJob(deps, jobId)).toBe('failed');
    expect(progress.events('job').at(-1)).toEqual({
      type: 'job',
      jobId,
      stage: 'failed',
      error: 'none of the 2 photo(s) could be read',
    });
  });

  it('is best effort: an events endpoint that fails costs nothing but a warning', async () => {
    const { deps, jobId, jobs, progress } = await setup([photo('2026-05-02T10:00:00Z')]);
    const logger = new RecordingLogger();
    progress.failing = new Error('events endpoint unreachable');
    expect(await processJob({ ...deps, logger }, jobId)).toBe('completed');
    expect(jobs.rows.get(jobId)?.status).toBe('completed');
    const warnings = logger.entries.filter(
      (entry) => entry.message.startsWith('could not publish progress') && entry.data?.type === 'job',
    );
    expect(warnings.map((entry) => entry.data?.stage)).toEqual(['asking-the-model', 'saving', 'completed']);
    expect(warnings[0]?.data?.error).toContain('events endpoint unreachable');
  });
});
