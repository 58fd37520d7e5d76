/**
 * The People screen's use cases over the in-memory people (clustered by the same core rule as
 * PostgreSQL): listing with counts and covers, naming (cleaned, bounded), hiding, merging, and the
 * setting that makes it all exist or not.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../lambdas/core/errors.ts';
import { assignFaces, cleanPersonName, PERSON_NAME_MAX } from '../../lambdas/core/people.ts';
import type { FoundFace } from '../../lambdas/core/ports.ts';
import { listPeople, mergePeople, updatePerson } from '../../lambdas/core/use-cases/people.ts';
import { FakeUrlSigner, InMemoryPeople } from '../fakes/in-memory-ports.ts';

/** Made-up person number n: the same n the same descriptor (± a nudge), different n √2 apart. */
const face = (n: number, size = 0.2, nudge = 0): FoundFace => ({
  box: { x: 0.1, y: 0.1, width: size, height: size },
  score: 0.9,
  descriptor: Array.from({ length: 128 }, (_, index) => (index === n ? 1 : 0) + (index === 127 ? nudge : 0)),
});

let people: InMemoryPeople;
let deps: { people: InMemoryPeople; settings: InMemoryPeople; urls: FakeUrlSigner };
const owner = 'owner-1';

/** A photo of the owner in the library showing these faces. */
async function photo(faces: FoundFace[], ownerId = owner, inLibrary = true): Promise<string> {
  const id = randomUUID();
  if (inLibrary)
    people.library.set(id, {
      storageKey: `${id}/o.jpg`,
      previewKey: `${id}/p.jpg`,
      thumbnailKey: `${id}/t.jpg`,
    });
  expect(await people.recordFaces(ownerId, id, faces)).toBe('recorded');
  return id;
}
const idOf = async (n: number, ownerId = owner) =>
  [...people.faces.values()].flat().find((f) => f.ownerId === ownerId && f.descriptor[n] === 1)
    ?.personId as string;

beforeEach(async () => {
  people = new InMemoryPeople();
  deps = { people, settings: people, urls: new FakeUrlSigner() };
  await people.update(owner, { peopleRecognition: true });
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('listing people', () => {
  test('recognition off: not enabled, and nobody', async () => {
    await people.update('someone', { peopleRecognition: false });
    expect(await listPeople(deps, 'someone')).toEqual({ enabled: false, people: [] });
  });

  test('most photos first; the cover is the largest face, its thumbnail signed, with its box', async () => {
    const small = await photo([face(1, 0.1), face(2)]);
    const large = await photo([face(1, 0.4)]);
    const { enabled, people: listed } = await listPeople(deps, owner);
    expect(enabled).toBe(true);
    expect(listed.map((person) => [person.id, person.photoCount])).toEqual([
      [await idOf(1), 2],
      [await idOf(2), 1],
    ]);
    expect(listed[0]?.cover).toEqual({
      imageId: large,
      thumbnailUrl: `${FakeUrlSigner.origin}/${large}/t.jpg?method=GET&expires=3600`,
      box: { x: 0.1, y: 0.1, width: 0.4, height: 0.4 },
    });
    expect(listed[1]?.cover?.imageId).toBe(small);
    expect(listed[0]).toMatchObject({ name: null, hidden: false });
  });

  test('photos not in the library (not organized, in the Trash) neither count nor cover', async () => {
    await photo([face(1, 0.1)]);
    await photo([face(1, 0.5)], owner, false);
    await photo([face(2)], owner, false);
    const { people: listed } = await listPeople(deps, owner);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.photoCount).toBe(1);
    expect(listed[0]?.cover?.box.width).toBe(0.1);
  });

  test("another user's people are never listed", async () => {
    await people.update('other', { peopleRecognition: true });
    await photo([face(1)], 'other');
    expect((await listPeople(deps, owner)).people).toEqual([]);
  });
});

describe('naming and hiding', () => {
  test('a name is stored cleaned: trimmed, controls and bidi controls out, spaces squeezed', async () => {
    await photo([face(1)]);
    const id = await idOf(1);
    const named = await updatePerson(deps, owner, id, { name: '  \u202eAnn\u202c \t\n Lee\u0000 ' });
    expect(named.name).toBe('Ann Lee');
    expect((await listPeople(deps, owner)).people[0]?.name).toBe('Ann Lee');
  });

  test('a name of 60 characters (code points) is kept; 61, empty or only controls is a 400 naming `name`', async () => {
    await photo([face(1)]);
    const id = await idOf(1);
    const sixty = '😀'.repeat(PERSON_NAME_MAX);
    expect((await updatePerson(deps, owner, id, { name: sixty })).name).toBe(sixty);
    for (const name of ['😀'.repeat(PERSON_NAME_MAX + 1), '', '   ', '\u202e\u0007']) {
      const error = await rejection(updatePerson(deps, owner, id, { name }));
      expect([error.status, error.details]).toEqual([400, { field: 'name' }]);
    }
    expect((await listPeople(deps, owner)).people[0]?.name).toBe(sixty);
  });

  test('null clears the name; hidden hides and shows, the name kept', async () => {
    await photo([face(1)]);
    const id = await idOf(1);
    await updatePerson(deps, owner, id, { name: 'Ann' });
    expect(await updatePerson(deps, owner, id, { hidden: true })).toMatchObject({
      name: 'Ann',
      hidden: true,
    });
    // Hidden people are still listed, so they can be shown again.
    expect((await listPeople(deps, owner)).people).toMatchObject([{ id, hidden: true }]);
    expect(await updatePerson(deps, owner, id, { hidden: false, name: null })).toMatchObject({
      name: null,
      hidden: false,
    });
  });

  test("another user's person and a made-up id are the same 404", async () => {
    await people.update('other', { peopleRecognition: true });
    await photo([face(1)], 'other');
    const theirs = await idOf(1, 'other');
    const foreign = await rejection(updatePerson(deps, owner, theirs, { name: 'Mine' }));
    const madeUp = await rejection(updatePerson(deps, owner, randomUUID(), { name: 'Mine' }));
    expect([foreign.status, foreign.message]).toEqual([404, madeUp.message]);
    expect(people.given.get(theirs)).toBeUndefined();
  });

  test('a hidden person still collects their new faces: no new person is made for them', async () => {
    await photo([face(1)]);
    const id = await idOf(1);
    await updatePerson(deps, owner, id, { hidden: true });
    await photo([face(1, 0.2, 0.05)]);
    const { people: listed } = await listPeople(deps, owner);
    expect(listed).toMatchObject([{ id, hidden: true, photoCount: 2 }]);
  });
});

describe('merging', () => {
  test('every face moves to `into`, which keeps its name; the other person is gone', async () => {
    await photo([face(1)]);
    await photo([face(2), face(3)]);
    const [one, two] = [await idOf(1), await idOf(2)];
    await updatePerson(deps, owner, one, { name: 'Kept' });
    await updatePerson(deps, owner, two, { name: 'Dropped' });
    const kept = await mergePeople(deps, owner, two, one);
    expect(kept).toMatchObject({ id: one, name: 'Kept', photoCount: 2 });
    const listed = (await listPeople(deps, owner)).people;
    expect(listed.map((person) => person.id)).not.toContain(two);
    expect(listed).toHaveLength(2);
  });

  test('`into` without a name takes the merged one’s', async () => {
    await photo([face(1)]);
    await photo([face(2)]);
    const [one, two] = [await idOf(1), await idOf(2)];
    await updatePerson(deps, owner, two, { name: 'Ann' });
    expect((await mergePeople(deps, owner, two, one)).name).toBe('Ann');
  });

  test("the merged mean is what new faces are compared with: the same rule PostgreSQL's clustering uses", async () => {
    await photo([face(1)]);
    await photo([face(2)]);
    const [one, two] = [await idOf(1), await idOf(2)];
    await mergePeople(deps, owner, two, one);
    const [merged] = people.people.filter((person) => person.ownerId === owner);
    expect(merged).toMatchObject({ id: one, faceCount: 2 });
    // Halfway between the two: within the same-person distance of neither old face (√2 / 2 > 0.45),
    // but a face halfway is the merged person.
    const halfway = face(1).descriptor.map((value, index) => (value + (face(2).descriptor[index] ?? 0)) / 2);
    expect(assignFaces([halfway], people.people, randomUUID).personIds).toEqual([one]);
    await photo([{ ...face(1), descriptor: halfway }]);
    expect((await listPeople(deps, owner)).people).toMatchObject([{ id: one, photoCount: 3 }]);
  });

  test('into itself is a 400 naming `into`; either one not the caller’s is a 404 and nothing changes', async () => {
    await photo([face(1)]);
    await photo([face(2)]);
    await people.update('other', { peopleRecognition: true });
    await photo([face(3)], 'other');
    const [one, two, theirs] = [await idOf(1), await idOf(2), await idOf(3, 'other')];
    const self = await rejection(mergePeople(deps, owner, one, one));
    expect([self.status, self.details]).toEqual([400, { field: 'into' }]);
    for (const [from, into] of [
      [theirs, one],
      [one, theirs],
      [randomUUID(), two],
      [two, randomUUID()],
    ] as const) {
      expect((await rejection(mergePeople(deps, owner, from, into))).status).toBe(404);
    }
    expect((await listPeople(deps, owner)).people).toHaveLength(2);
    expect((await listPeople(deps, 'other')).people).toHaveLength(1);
  });

  test('with recognition off there is nobody to name or merge', async () => {
    await photo([face(1)]);
    await photo([face(2)]);
    const [one, two] = [await idOf(1), await idOf(2)];
    await people.update(owner, { peopleRecognition: false });
    expect((await rejection(updatePerson(deps, owner, one, { name: 'Ann' }))).status).toBe(404);
    expect((await rejection(mergePeople(deps, owner, one, two))).status).toBe(404);
  });
});

describe('cleanPersonName', () => {
  test.each([
    ['Ann', 'Ann'],
    ['  Ann  ', 'Ann'],
    ['Ann\u0000Lee', 'Ann Lee'],
    ['\u2067Ann\u2069', 'Ann'],
    ['Zoë 👩‍👧', 'Zoë 👩‍👧'],
    ['\ud800Ann', '\ufffdAnn'],
  ])('%j → %j', (raw, cleaned) => {
    expect(cleanPersonName(raw)).toEqual({ name: cleaned });
  });
  test('empty and too long are told apart', () => {
    expect(cleanPersonName(' \u200e ')).toEqual({ problem: 'empty' });
    expect(cleanPersonName('a'.repeat(61))).toEqual({ problem: 'too_long' });
  });
});
