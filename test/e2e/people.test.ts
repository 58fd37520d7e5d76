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
    // Reading faces runs on this process's event loop (the local app is in-process; in AWS ingest has
    // its own): a poll can miss its 5 s connect deadline while it does (CI saw it). The next poll
    // tries again; the deadline still bounds the wait.
    const rows = await harness.app.http.db
      .selectFrom('images')
      .select(['id', 'storage_key', 'status'])
      .where('storage_key', 'in', keys)
      .execute()
      .catch(() => []);
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

describe('the People routes', () => {
  test('list, name, hide and merge the people of organized photos; off, there is nobody', async () => {
    const { token } = await harness.signIn('people-screen');
    await harness.api('/api/settings', { token, method: 'PATCH', body: { peopleRecognition: true } });
    const keys = await uploadFiles(harness, token, [jpeg('group.jpg', group), jpeg('closer.jpg', closer)]);
    await untilRead(keys);
    // Read but not organized: not in the library, so nobody is listed yet.
    expect((await harness.api('/api/people', { token })).body).toEqual({ enabled: true, people: [] });
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
    expect((await waitForJob(harness, token, started.body.jobId)).status).toBe('completed');

    const listed = await harness.api('/api/people', { token });
    expect(listed.status).toBe(200);
    const people = listed.body.people;
    expect(people.length).toBeGreaterThanOrEqual(4);
    expect(people[0].photoCount).toBe(2);
    for (const person of people) {
      expect(person).toMatchObject({ name: null, hidden: false });
      // The cover's thumbnail really loads.
      const thumbnail = await fetch(person.cover.thumbnailUrl);
      expect([thumbnail.status, thumbnail.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    }

    const [first, second, third] = people;
    const named = await harness.api(`/api/people/${first.id}`, {
      token,
      method: 'PATCH',
      body: { name: '  Ann\u202e  ' },
    });
    expect([named.status, named.body.name]).toEqual([200, 'Ann']);
    const tooLong = await harness.api(`/api/people/${first.id}`, {
      token,
      method: 'PATCH',
      body: { name: 'x'.repeat(61) },
    });
    expect([tooLong.status, tooLong.body.error.code, tooLong.body.error.details]).toEqual([
      400,
      'invalid_request',
      { field: 'name' },
    ]);

    const merged = await harness.api(`/api/people/${second.id}/merge`, { token, body: { into: first.id } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: first.id, name: 'Ann' });
    expect(merged.body.photoCount).toBe(2);
    const self = await harness.api(`/api/people/${first.id}/merge`, { token, body: { into: first.id } });
    expect([self.status, self.body.error.details]).toEqual([400, { field: 'into' }]);
    const gone = await harness.api(`/api/people/${second.id}`, {
      token,
      method: 'PATCH',
      body: { name: 'x' },
    });
    expect(gone.status).toBe(404);

    const hidden = await harness.api(`/api/people/${third.id}`, {
      token,
      method: 'PATCH',
      body: { hidden: true },
    });
    expect(hidden.body).toMatchObject({ id: third.id, hidden: true });
    const after = (await harness.api('/api/people', { token })).body.people;
    expect(after).toHaveLength(people.length - 1);
    expect(after.find((person: any) => person.id === third.id)).toMatchObject({ hidden: true });

    await harness.api('/api/settings', { token, method: 'PATCH', body: { peopleRecognition: false } });
    expect((await harness.api('/api/people', { token })).body).toEqual({ enabled: false, people: [] });
    for (const [method, path, body] of [
      ['PATCH', `/api/people/${first.id}`, { name: 'Ann' }],
      ['POST', `/api/people/${third.id}/merge`, { into: first.id }],
    ] as const) {
      expect((await harness.api(path, { token, method, body })).status).toBe(404);
    }
  });

  test('a person id that is not a UUID is a 400 naming it', async () => {
    const { token } = await harness.signIn('people-bad-id');
    const answer = await harness.api('/api/people/not-a-uuid', {
      token,
      method: 'PATCH',
      body: { name: 'A' },
    });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_person_id']);
  });
});
