/**
 * People, for real: face-api's models on TensorFlow.js WASM read real group photos (the sample photos
 * face-api ships in its npm package, read at test time), and the Postgres repository clusters them
 * per owner. The same faces at another size are the same people; different faces are not.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import { createFaceApiReader } from '../../lambdas/adapters/faces/face-api-face-reader.ts';
import { createSharpImageAnalyzer } from '../../lambdas/adapters/images/sharp-image-analyzer.ts';
import { lockOwner } from '../../lambdas/adapters/postgres/people-upkeep.ts';
import { PostgresPeopleRepository } from '../../lambdas/adapters/postgres/postgres-people-repository.ts';
import { PostgresPhotoRepository } from '../../lambdas/adapters/postgres/postgres-photo-repository.ts';
import { PostgresSettingsRepository } from '../../lambdas/adapters/postgres/postgres-settings-repository.ts';
import { PostgresTrashRepository } from '../../lambdas/adapters/postgres/postgres-trash-repository.ts';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import { descriptorDistance, meanDescriptor, SAME_PERSON_DISTANCE } from '../../lambdas/core/people.ts';
import type { FoundFace } from '../../lambdas/core/ports.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
import { faceApiSample, leftPart } from '../fixtures/photos.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const reader = createFaceApiReader();

/** Deletes a photo for good as emptying the Trash does (its files are not the point here). */
async function deleteForGood(ownerId: string, imageId: string): Promise<boolean> {
  const trash = new PostgresTrashRepository(testDb.db);
  await trash.trash(ownerId, [imageId], new Date());
  return (await trash.purge({ ownerId, trashedBefore: null, limit: 1 }, async () => {})) === 1;
}
const analyzer = createSharpImageAnalyzer();

/** What ingest hands the face reader: the photo's 512 px model rendition. */
async function modelImage(bytes: Buffer): Promise<Uint8Array> {
  return (await analyzer.analyze(bytes, 'image/jpeg')).modelImage;
}

let testDb: TestDatabase;
let people: PostgresPeopleRepository;
let settings: PostgresSettingsRepository;
let users: PostgresUserRepository;
let whole: FoundFace[];
let cropped: FoundFace[];
let others: FoundFace[];

beforeAll(async () => {
  testDb = await createTestDatabase();
  people = new PostgresPeopleRepository(testDb.db);
  settings = new PostgresSettingsRepository(testDb.db);
  users = new PostgresUserRepository(testDb.db);
  const five = await faceApiSample(5);
  whole = await reader.read(await modelImage(five));
  cropped = await reader.read(await modelImage(await leftPart(five, 0.5)));
  others = await reader.read(await modelImage(await faceApiSample(6)));
}, 60_000);
afterAll(() => testDb.destroy());

describe('the face reader on real photos', () => {
  test('finds the faces of a group photo, each boxed inside the picture with 128 numbers', () => {
    expect(whole.length).toBeGreaterThanOrEqual(4);
    for (const face of whole) {
      expect(face.descriptor).toHaveLength(128);
      expect(face.score).toBeGreaterThanOrEqual(0.5);
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(1);
      expect(face.box.y + face.box.height).toBeLessThanOrEqual(1);
    }
  });

  test('the same faces at twice the size are within the same-person distance of themselves', () => {
    expect(cropped.length).toBeGreaterThanOrEqual(2);
    for (const face of cropped) {
      const nearest = Math.min(
        ...whole.map((other) => descriptorDistance(face.descriptor, other.descriptor)),
      );
      expect(nearest).toBeLessThan(SAME_PERSON_DISTANCE);
    }
  });

  test('different people are farther apart than the same-person distance', () => {
    for (const [index, face] of whole.entries())
      for (const other of whole.slice(index + 1))
        expect(descriptorDistance(face.descriptor, other.descriptor)).toBeGreaterThan(SAME_PERSON_DISTANCE);
  });

  test('a picture with no face has none', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 64 * 48 * 3 }, (_, i) => (i * 37) % 256)), {
      raw: { width: 64, height: 48, channels: 3 },
    })
      .resize(640, 480)
      .jpeg()
      .toBuffer();
    expect(await reader.read(await modelImage(noise))).toEqual([]);
  });
});

describe('people per owner in PostgreSQL', () => {
  async function owner(recognition: boolean) {
    const user = await users.ensure(`sub-${randomUUID()}`);
    if (recognition) await settings.update(user.id, { peopleRecognition: true });
    return user.id;
  }
  async function photo(ownerId: string): Promise<string> {
    const id = randomUUID();
    await testDb.db
      .insertInto('images')
      .values({
        id,
        owner_id: ownerId,
        storage_key: originalKey(ownerId, id, 'image/jpeg'),
        original_filename: `${id}.jpg`,
        content_type: 'image/jpeg',
        size_bytes: 100,
        status: 'analyzed',
      })
      .execute();
    return id;
  }
  const peopleOf = async (ownerId: string) =>
    testDb.db.selectFrom('people').selectAll().where('owner_id', '=', ownerId).execute();

  test('settings: off until turned on', async () => {
    const id = await owner(false);
    expect(await settings.get(id)).toEqual({ peopleRecognition: false });
    expect(await settings.update(id, { peopleRecognition: true })).toEqual({ peopleRecognition: true });
    expect(await settings.update(id, {})).toEqual({ peopleRecognition: true });
  });

  test('a group photo makes one person per face; the same faces larger in another photo join them', async () => {
    const ownerId = await owner(true);
    const [first, second] = [await photo(ownerId), await photo(ownerId)];
    expect(await people.recordFaces(ownerId, first, whole)).toBe('recorded');
    expect(await peopleOf(ownerId)).toHaveLength(whole.length);
    await people.recordFaces(ownerId, second, cropped);
    expect(await peopleOf(ownerId)).toHaveLength(whole.length);

    const shown = await people.peopleInPhotos(ownerId, [first, second]);
    expect(shown.get(first)).toHaveLength(whole.length);
    for (const person of shown.get(second) ?? []) expect(shown.get(first)).toContain(person);
    const counts = (await peopleOf(ownerId)).map((person) => person.face_count).sort();
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(whole.length + cropped.length);
  });

  test('different people in another photo are new people, and reading a photo again changes nothing', async () => {
    const ownerId = await owner(true);
    const [first, second] = [await photo(ownerId), await photo(ownerId)];
    await people.recordFaces(ownerId, first, whole);
    await people.recordFaces(ownerId, second, others);
    const before = await people.peopleInPhotos(ownerId, [first, second]);
    const shared = (before.get(second) ?? []).filter((person) => before.get(first)?.includes(person));
    expect(shared).toEqual([]);
    await people.recordFaces(ownerId, second, others);
    expect(await people.peopleInPhotos(ownerId, [first, second])).toEqual(before);
    expect(await peopleOf(ownerId)).toHaveLength(whole.length + others.length);
  });

  test('photos of one owner read at once are clustered one after the other: no person twice', async () => {
    const ownerId = await owner(true);
    const ids = await Promise.all(Array.from({ length: 4 }, () => photo(ownerId)));
    await Promise.all(ids.map((id) => people.recordFaces(ownerId, id, whole)));
    expect(await peopleOf(ownerId)).toHaveLength(whole.length);
  });

  test('off: nothing is written; turning it off deletes every face and person of that owner only', async () => {
    const off = await owner(false);
    expect(await people.recordFaces(off, await photo(off), whole)).toBe('off');
    expect(await peopleOf(off)).toHaveLength(0);

    const [mine, theirs] = [await owner(true), await owner(true)];
    await people.recordFaces(mine, await photo(mine), whole);
    await people.recordFaces(theirs, await photo(theirs), whole);
    await settings.update(mine, { peopleRecognition: false });
    expect(await peopleOf(mine)).toHaveLength(0);
    expect(
      await testDb.db.selectFrom('faces').select('id').where('owner_id', '=', mine).execute(),
    ).toHaveLength(0);
    expect(await peopleOf(theirs)).toHaveLength(whole.length);
  });

  test('deleting a photo deletes its faces, and the people only it showed; the others count one face less', async () => {
    const ownerId = await owner(true);
    const [group, closer] = [await photo(ownerId), await photo(ownerId)];
    await people.recordFaces(ownerId, group, whole);
    await people.recordFaces(ownerId, closer, cropped);
    expect(await deleteForGood(ownerId, group)).toBe(true);
    const left = await peopleOf(ownerId);
    expect(left).toHaveLength((await people.peopleInPhotos(ownerId, [closer])).get(closer)?.length ?? -1);
    for (const person of left) expect(person.face_count).toBe(1);
    expect(await deleteForGood(ownerId, closer)).toBe(true);
    expect(await peopleOf(ownerId)).toHaveLength(0);
  });

  test('a person’s mean stays the exact mean of the faces left when photos go and come back', async () => {
    const ownerId = await owner(true);
    const [a, b, c] = [await photo(ownerId), await photo(ownerId), await photo(ownerId)];
    const face = cropped[0] as FoundFace;
    // The same face, slightly different each time, as photos of one person are.
    const nudged = (by: number): FoundFace => ({
      ...face,
      descriptor: face.descriptor.map((value, index) => value + (index % 2 === 0 ? by : -by)),
    });
    await people.recordFaces(ownerId, a, [nudged(0.01)]);
    await people.recordFaces(ownerId, b, [nudged(-0.01)]);
    await people.recordFaces(ownerId, c, [nudged(0.02)]);
    expect(await peopleOf(ownerId)).toHaveLength(1);
    await deleteForGood(ownerId, c);
    await people.recordFaces(ownerId, a, [nudged(0.01)]);
    const [person] = await peopleOf(ownerId);
    expect(person?.face_count).toBe(2);
    const mean = meanDescriptor([nudged(0.01).descriptor, nudged(-0.01).descriptor]);
    expect(descriptorDistance(person?.centroid ?? [], mean)).toBeLessThan(1e-5);
  });

  test('the daily clean-up of photos never organized takes their faces and the people only they showed', async () => {
    const ownerId = await owner(true);
    const [kept, purged] = [await photo(ownerId), await photo(ownerId)];
    await people.recordFaces(ownerId, kept, cropped);
    await people.recordFaces(ownerId, purged, whole);
    await testDb.db.updateTable('images').set({ status: 'ready' }).where('id', '=', kept).execute();
    await sql`update images set created_at = '2020-01-01T00:00:00Z' where id = ${purged}`.execute(testDb.db);
    const photos = new PostgresPhotoRepository(testDb.db);
    expect(await photos.purgeUnorganized(new Date('2021-01-01T00:00:00Z'))).toHaveLength(1);
    const left = await peopleOf(ownerId);
    expect(left).toHaveLength(cropped.length);
    for (const person of left) expect(person.face_count).toBe(1);
  });

  test('the owner lock people take never holds up the owner’s uploads, jobs or albums', async () => {
    const ownerId = await owner(true);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = testDb.db.transaction().execute(async (trx) => {
      await lockOwner(trx, ownerId);
      await held;
    });
    try {
      // Inserts whose foreign keys name the owner take a key-share lock on the owner's row: compatible.
      const insert = (async () => {
        await photo(ownerId);
        await testDb.db
          .insertInto('albums')
          .values({ id: randomUUID(), owner_id: ownerId, title: 'While locked', theme_description: '' })
          .execute();
        return 'inserted';
      })();
      const timeout = new Promise((resolve) => setTimeout(() => resolve('blocked'), 3_000));
      expect(await Promise.race([insert, timeout])).toBe('inserted');
    } finally {
      release();
      await holding;
    }
  });

  test('a photo deleted while its faces are recorded: no deadlock, and no person is left without a face', async () => {
    const ownerId = await owner(true);
    const photos = new PostgresPhotoRepository(testDb.db);
    for (let round = 0; round < 8; round++) {
      const [doomed, kept] = [await photo(ownerId), await photo(ownerId)];
      await testDb.db.updateTable('images').set({ status: 'ready' }).where('id', '=', kept).execute();
      const outcomes = await Promise.all([
        people.recordFaces(ownerId, doomed, whole),
        deleteForGood(ownerId, doomed),
        people.recordFaces(ownerId, kept, cropped),
        photos.purgeUnorganized(new Date(0)),
      ]);
      expect(outcomes[1]).toBe(true);
    }
    const left = await peopleOf(ownerId);
    const faces = await testDb.db
      .selectFrom('faces')
      .select('person_id')
      .where('owner_id', '=', ownerId)
      .execute();
    for (const person of left) {
      const count = faces.filter((face) => face.person_id === person.id).length;
      expect([person.id, person.face_count]).toEqual([person.id, count]);
      expect(count).toBeGreaterThan(0);
    }
  });

  test("another owner's photos name no one: people are per owner", async () => {
    const [mine, theirs] = [await owner(true), await owner(true)];
    const photoOfMine = await photo(mine);
    await people.recordFaces(mine, photoOfMine, whole);
    expect((await people.peopleInPhotos(theirs, [photoOfMine])).size).toBe(0);
    expect(await people.recordFaces(theirs, photoOfMine, whole)).toBe('missing');
    expect(await peopleOf(theirs)).toHaveLength(0);
  });
});

describe('the People screen in PostgreSQL: list, name, hide, merge', () => {
  async function owner() {
    const user = await users.ensure(`sub-${randomUUID()}`);
    await settings.update(user.id, { peopleRecognition: true });
    return user.id;
  }
  async function photo(ownerId: string, status: 'analyzed' | 'ready' = 'ready'): Promise<string> {
    const id = randomUUID();
    const key = originalKey(ownerId, id, 'image/jpeg');
    await testDb.db
      .insertInto('images')
      .values({
        id,
        owner_id: ownerId,
        storage_key: key,
        thumbnail_key: `${key}.thumb.jpg`,
        original_filename: `${id}.jpg`,
        content_type: 'image/jpeg',
        size_bytes: 100,
        status,
      })
      .execute();
    return id;
  }
  const facesOf = (personId: string) =>
    testDb.db
      .selectFrom('faces')
      .select(['image_id', 'descriptor'])
      .where('person_id', '=', personId)
      .execute();
  const personRow = (personId: string) =>
    testDb.db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirst();

  test('lists people in library photos only, most photos first, the largest face as cover', async () => {
    const ownerId = await owner();
    const [group, closer, unorganized, trashed] = [
      await photo(ownerId),
      await photo(ownerId),
      await photo(ownerId, 'analyzed'),
      await photo(ownerId),
    ];
    await people.recordFaces(ownerId, group, whole);
    await people.recordFaces(ownerId, closer, cropped);
    await people.recordFaces(ownerId, unorganized, others);
    await people.recordFaces(ownerId, trashed, cropped);
    await new PostgresTrashRepository(testDb.db).trash(ownerId, [trashed], new Date());

    const listed = await people.listPeople(ownerId);
    // The people of `others` show only in a photo not organized yet: not listed.
    expect(listed).toHaveLength(whole.length);
    const counts = listed.map((person) => person.photoCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const inBoth = new Set((await people.peopleInPhotos(ownerId, [closer])).get(closer));
    for (const person of listed) {
      expect(person.photoCount).toBe(inBoth.has(person.id) ? 2 : 1);
      // The cropped photo shows the face larger: it is the cover of those it shows.
      expect(person.cover?.imageId).toBe(inBoth.has(person.id) ? closer : group);
      expect(person.cover?.thumbnailKey).toMatch(/\.thumb\.jpg$/);
      const box = person.cover?.box;
      expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 1 && box.y + box.height <= 1).toBe(true);
    }
    expect(await people.listPeople(await owner())).toEqual([]);
  });

  test('names and hides, only the owner’s person; the hidden person still collects their faces', async () => {
    const ownerId = await owner();
    const group = await photo(ownerId);
    await people.recordFaces(ownerId, group, whole);
    const [first] = await people.listPeople(ownerId);
    const id = first?.id as string;
    expect(await people.updatePerson(ownerId, id, { name: 'Ann', hidden: true })).toMatchObject({
      id,
      name: 'Ann',
      hidden: true,
      photoCount: 1,
    });
    expect(await people.updatePerson(await owner(), id, { name: 'Mine' })).toBeNull();
    expect(await people.updatePerson(ownerId, randomUUID(), { name: 'Mine' })).toBeNull();
    expect(await personRow(id)).toMatchObject({ name: 'Ann', hidden: true });

    // The same faces again, read again and in another photo: the hidden person is found, not remade.
    await people.recordFaces(ownerId, group, whole);
    const closer = await photo(ownerId);
    await people.recordFaces(ownerId, closer, cropped);
    const listed = await people.listPeople(ownerId);
    expect(listed).toHaveLength(whole.length);
    expect(listed.find((person) => person.id === id)).toMatchObject({ name: 'Ann', hidden: true });
  });

  test('merging moves every face, recomputes the exact mean and count, keeps the name rule, deletes the other', async () => {
    const ownerId = await owner();
    const [group, closer] = [await photo(ownerId), await photo(ownerId)];
    await people.recordFaces(ownerId, group, whole);
    await people.recordFaces(ownerId, closer, cropped);
    const shown = (await people.peopleInPhotos(ownerId, [closer])).get(closer) ?? [];
    const [into, merged] = shown as [string, string];
    await people.updatePerson(ownerId, merged, { name: 'Second name' });

    const kept = await people.mergePeople(ownerId, merged, into);
    expect(kept).toMatchObject({ id: into, name: 'Second name', photoCount: 2 });
    expect(await personRow(merged)).toBeUndefined();
    const faces = await facesOf(into);
    expect(faces).toHaveLength(4);
    const row = await personRow(into);
    expect(row?.face_count).toBe(4);
    const mean = meanDescriptor(faces.map((face) => face.descriptor));
    expect(descriptorDistance(row?.centroid ?? [], mean)).toBeLessThan(1e-5);

    // A name already there stays.
    const third = (await people.listPeople(ownerId)).find((person) => person.id !== into)?.id as string;
    await people.updatePerson(ownerId, into, { name: 'Kept' });
    await people.updatePerson(ownerId, third, { name: 'Lost' });
    expect((await people.mergePeople(ownerId, third, into))?.name).toBe('Kept');
  });

  test('faces read after a merge are compared with the merged mean; the merged-away person never comes back', async () => {
    const ownerId = await owner();
    const group = await photo(ownerId);
    await people.recordFaces(ownerId, group, whole);
    const [into, merged] = ((await people.peopleInPhotos(ownerId, [group])).get(group) ?? []) as [
      string,
      string,
    ];
    await people.mergePeople(ownerId, merged, into);
    const centroid = (await personRow(into))?.centroid ?? [];

    const closer = await photo(ownerId);
    await people.recordFaces(ownerId, closer, cropped);
    const after = await testDb.db
      .selectFrom('faces')
      .select(['person_id', 'descriptor'])
      .where('image_id', '=', closer)
      .execute();
    expect(after.map((face) => face.person_id)).not.toContain(merged);
    expect(await personRow(merged)).toBeUndefined();
    // The face nearest the merged mean, when near enough, is the merged person.
    const nearest = after.toSorted(
      (a, b) => descriptorDistance(a.descriptor, centroid) - descriptorDistance(b.descriptor, centroid),
    )[0];
    if (nearest && descriptorDistance(nearest.descriptor, centroid) < SAME_PERSON_DISTANCE)
      expect(nearest.person_id).toBe(into);
  });

  test('merging: either person not the owner’s, or recognition off, changes nothing', async () => {
    const [mine, theirs] = [await owner(), await owner()];
    const [a, b] = [await photo(mine), await photo(theirs)];
    await people.recordFaces(mine, a, whole);
    await people.recordFaces(theirs, b, others);
    const [one, two] = ((await people.peopleInPhotos(mine, [a])).get(a) ?? []) as [string, string];
    const [foreign] = (await people.peopleInPhotos(theirs, [b])).get(b) ?? [];
    expect(await people.mergePeople(mine, one, foreign as string)).toBeNull();
    expect(await people.mergePeople(mine, foreign as string, one)).toBeNull();
    expect(await people.mergePeople(theirs, one, two)).toBeNull();
    expect(await facesOf(one)).toHaveLength(1);
    expect(await facesOf(foreign as string)).toHaveLength(1);
    await settings.update(mine, { peopleRecognition: false });
    expect(await people.mergePeople(mine, one, two)).toBeNull();
    expect(await people.listPeople(mine)).toEqual([]);
  });
});
