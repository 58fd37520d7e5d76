import { faceApiSample, leftPart } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;
let group: Buffer;
let closer: Buffer;
let others: Buffer;

beforeAll(async () => {
  harness = await startHarness();
  group = await faceApiSample(5);
  // The left half of the same photo: the same people, twice as large in the model rendition.
  closer = await leftPart(group);
  others = await faceApiSample(6);
});
afterAll(() => harness?.stop());

const jpeg = (name: string, bytes: Buffer) => ({ name, contentType: 'image/jpeg', bytes });

async function untilRead(keys: string[]) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await harness.app.http.db
      .selectFrom('images')
      .select(['id', 'storage_key', 'status'])
      .where('storage_key', 'in', keys)
      .execute();
    if (rows.length === keys.length && rows.every((row) => row.status === 'analyzed'))
      return keys.map((key) => rows.find((row) => row.storage_key === key)?.id as string);
    if (Date.now() > deadline) throw new Error(`not read in time: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const facesOf = (userId: string) =>
  harness.app.http.db
    .selectFrom('faces')
    .select(['image_id', 'person_id'])
    .where('owner_id', '=', userId)
    .execute();
const peopleOf = (userId: string) =>
  harness.app.http.db.selectFrom('people').select('id').where('owner_id', '=', userId).execute();

test('on: faces are read as photos land and the same people are recognised across photos', async () => {
  const { token, userId } = await harness.signIn('people-on');
  expect((await harness.api('/api/settings', { token })).body).toEqual({ peopleRecognition: false });
  const on = await harness.api('/api/settings', {
    token,
    method: 'PATCH',
    body: { peopleRecognition: true },
  });
  expect(on).toMatchObject({ status: 200, body: { peopleRecognition: true } });

  const keys = await uploadFiles(harness, token, [
    jpeg('group.jpg', group),
    jpeg('closer.jpg', closer),
    jpeg('others.jpg', others),
  ]);
  const [groupId, closerId, othersId] = await untilRead(keys);
  const faces = await facesOf(userId);
  const peopleIn = (imageId?: string) =>
    new Set(faces.filter((face) => face.image_id === imageId).map((face) => face.person_id));
  expect(peopleIn(groupId).size).toBeGreaterThanOrEqual(4);
  expect(peopleIn(closerId).size).toBeGreaterThanOrEqual(2);
  for (const person of peopleIn(closerId)) expect(peopleIn(groupId)).toContain(person);
  for (const person of peopleIn(othersId)) expect(peopleIn(groupId)).not.toContain(person);
  expect(await peopleOf(userId)).toHaveLength(new Set(faces.map((face) => face.person_id)).size);

  // Organizing reads the people with the photos; the job completes as always.
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  expect((await waitForJob(harness, token, started.body.jobId)).status).toBe('completed');

  // Off deletes every face and person at once.
  const off = await harness.api('/api/settings', {
    token,
    method: 'PATCH',
    body: { peopleRecognition: false },
  });
  expect(off.body).toEqual({ peopleRecognition: false });
  expect(await facesOf(userId)).toHaveLength(0);
  expect(await peopleOf(userId)).toHaveLength(0);
});

test('off (the default): no face is read or stored', async () => {
  const { token, userId } = await harness.signIn('people-off');
  const keys = await uploadFiles(harness, token, [jpeg('group.jpg', group)]);
  await untilRead(keys);
  expect(await facesOf(userId)).toHaveLength(0);
  expect(await peopleOf(userId)).toHaveLength(0);
});

test('a settings body that is not a boolean is a 400 that names the field', async () => {
  const { token } = await harness.signIn('people-bad');
  const answer = await harness.api('/api/settings', {
    token,
    method: 'PATCH',
    body: { peopleRecognition: 'yes' },
  });
  expect(answer.status).toBe(400);
  expect(answer.body.error.code).toBe('invalid_request');
  expect(JSON.stringify(answer.body.error.details)).toContain('peopleRecognition');
  const empty = await harness.api('/api/settings', { token, method: 'PATCH', body: {} });
  expect(empty.status).toBe(400);
});
