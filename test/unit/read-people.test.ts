/** Turning people recognition on reads the library's photos once each, in rounds, and stops when it is off. */
import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import { readPeopleOfLibrary } from '../../lambdas/core/use-cases/read-people.ts';
import { updateSettings } from '../../lambdas/core/use-cases/settings.ts';
import {
  FakeFaceReader,
  InMemoryPeople,
  InMemoryQueue,
  InMemoryStorage,
  newId,
  RecordingLogger,
} from '../fakes/in-memory-ports.ts';

const owner = newId();
const descriptor = (value: number) => Array.from({ length: 128 }, (_, index) => ((index % 5) * value) / 10);
const face = (value: number) => ({
  box: { x: 0.1, y: 0.1, width: 0.2, height: 0.2 },
  score: 0.9,
  descriptor: descriptor(value),
});

async function library(count: number) {
  const people = new InMemoryPeople();
  const storage = new InMemoryStorage();
  const faces = new FakeFaceReader();
  for (let index = 0; index < count; index++) {
    const imageId = newId();
    const modelKey = `users/${owner}/photos/${imageId}/model.jpg`;
    people.readable.set(imageId, { ownerId: owner, modelKey });
    await storage.put(
      modelKey,
      Buffer.from(JSON.stringify({ faces: [face(1 + (index % 3))] })),
      'image/jpeg',
    );
  }
  let now = 0;
  const clock = { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  const deps = { settings: people, people, storage, faces, clock, logger: silentLogger };
  return { deps, people, faces, clock };
}

test('every readable photo is read once; a second delivery reads nothing', async () => {
  const { deps, people, faces } = await library(60);
  await people.update(owner, { peopleRecognition: true });
  expect(await readPeopleOfLibrary(deps, owner, new Date(10_000))).toBe('done');
  expect(faces.reads).toBe(60);
  expect(people.people).toHaveLength(3);
  expect(await readPeopleOfLibrary(deps, owner, new Date(10_000))).toBe('done');
  expect(faces.reads).toBe(60);
});

test('past its deadline a delivery stops after a round and the next goes on where it stopped', async () => {
  const { deps, people, faces, clock } = await library(60);
  await people.update(owner, { peopleRecognition: true });
  const slow = {
    ...deps,
    faces: {
      read: async (image: Uint8Array) => {
        clock.advance(100);
        return faces.read(image);
      },
    },
  };
  expect(await readPeopleOfLibrary(slow, owner, new Date(1_000))).toBe('more');
  expect(faces.reads).toBe(25);
  expect(await readPeopleOfLibrary(slow, owner, new Date(1_000_000))).toBe('done');
  expect(faces.reads).toBe(60);
});

test('off: nothing is read; a photo whose rendition is gone or whose faces fail is marked read without faces', async () => {
  const { deps, people, faces } = await library(3);
  expect(await readPeopleOfLibrary(deps, owner, new Date(10_000))).toBe('done');
  expect(faces.reads).toBe(0);
  await people.update(owner, { peopleRecognition: true });
  const logger = new RecordingLogger();
  const failing = { ...deps, logger, faces: { read: () => Promise.reject(new Error('no model')) } };
  expect(await readPeopleOfLibrary(failing, owner, new Date(10_000))).toBe('done');
  expect(people.facesRead.size).toBe(3);
  expect(people.people).toHaveLength(0);
  expect(logger.entries.filter((entry) => entry.level === 'error')).toHaveLength(3);
});

test('turning recognition on asks the worker to read the library, once; turning it off does not', async () => {
  const people = new InMemoryPeople();
  const queue = new InMemoryQueue();
  const deps = { settings: people, queue, logger: silentLogger };
  await updateSettings(deps, owner, { peopleRecognition: true });
  await updateSettings(deps, owner, { peopleRecognition: true });
  await updateSettings(deps, owner, { peopleRecognition: false });
  expect(queue.bodies.map((body) => JSON.parse(body))).toEqual([
    { version: 1, type: 'read-people', ownerId: owner },
  ]);
});
