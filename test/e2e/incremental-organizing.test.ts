/**
 * A photo home over HTTP, on the app as `npm start` runs it (the offline organizer): a second upload
 * joins the albums of the first instead of starting its own, the job says so in words, and undoing it
 * takes its photos back out while they stay in the library. The user's edits stand throughout.
 */
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';
import { checkAnswer } from '../support/openapi-contract.ts';

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness();
  ({ token } = await harness.signIn('home-owner'));
});
afterAll(() => harness?.stop());

const porto = { latitude: 41.1496, longitude: -8.6109 };

async function organize(shots: { name: string; takenAt: string }[]) {
  const files = await Promise.all(
    shots.map(async (shot) => ({
      name: shot.name,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({ width: 320, height: 240, takenAt: new Date(shot.takenAt), gps: porto }),
    })),
  );
  const keys = await uploadFiles(harness, token, files);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  expect(started.status).toBe(202);
  const job = await waitForJob(harness, token, started.body.jobId);
  expect(job.status).toBe('completed');
  return job;
}

const albums = async () => (await harness.api('/api/galleries/me', { token })).body.albums as any[];

it('a second batch joins the first batch’s album; undone, its photos leave the album and stay in the library', async () => {
  const first = await organize([
    { name: 'morning.jpg', takenAt: '2008-04-20T09:00:00Z' },
    { name: 'noon.jpg', takenAt: '2008-04-20T12:00:00Z' },
    { name: 'evening.jpg', takenAt: '2008-04-20T18:00:00Z' },
  ]);
  expect(first).toMatchObject({ newAlbumCount: 1, joinedAlbums: [], undoneAt: null });
  const [album] = await albums();
  // The user's title stands: joining never changes it.
  await harness.api(`/api/albums/${album.id}`, { token, method: 'PATCH', body: { title: 'Ana’s birthday' } });

  // The night before, and the next morning: the same occasion, not albums of their own.
  const second = await organize([
    { name: 'night-before.jpg', takenAt: '2008-04-19T22:30:00Z' },
    { name: 'next-morning.jpg', takenAt: '2008-04-21T08:00:00Z' },
  ]);
  expect(second).toMatchObject({
    newAlbumCount: 0,
    joinedAlbums: [{ albumId: album.id, title: 'Ana’s birthday', added: 2 }],
    undoneAt: null,
    undoableUntil: expect.any(String),
  });
  const joined = await albums();
  expect(joined).toHaveLength(1);
  expect(joined[0].title).toBe('Ana’s birthday');
  expect(joined[0].images.map((image: any) => image.originalFilename)).toEqual([
    'morning.jpg',
    'noon.jpg',
    'evening.jpg',
    'night-before.jpg',
    'next-morning.jpg',
  ]);

  const undo = await harness.api(`/api/jobs/${second.jobId}/undo`, { token, method: 'POST' });
  expect(undo.status).toBe(200);
  checkAnswer('POST', `/api/jobs/${second.jobId}/undo`, undo.status, undo.body);
  expect(undo.body).toMatchObject({ jobId: second.jobId, undoneAt: expect.any(String), undoableUntil: null });
  const after = await albums();
  expect(after[0].images.map((image: any) => image.originalFilename)).toEqual([
    'morning.jpg',
    'noon.jpg',
    'evening.jpg',
  ]);
  const library = await harness.api('/api/images?limit=50', { token });
  expect(library.body.images.map((photo: any) => photo.originalFilename).sort()).toEqual(
    ['evening.jpg', 'morning.jpg', 'next-morning.jpg', 'night-before.jpg', 'noon.jpg'].sort(),
  );
  // Undoing again answers the same.
  expect((await harness.api(`/api/jobs/${second.jobId}/undo`, { token, method: 'POST' })).status).toBe(200);
});

it('a photo the user took out of an album is not put back when it is organized again', async () => {
  const [album] = await albums();
  const photo = album.images[0];
  const removed = await harness.api(`/api/albums/${album.id}/images/${photo.id}`, {
    token,
    method: 'DELETE',
  });
  expect(removed.status).toBe(204);
  const again = await harness.api('/api/galleries/process', {
    token,
    body: { imageKeys: [photo.storageKey] },
  });
  const job = await waitForJob(harness, token, again.body.jobId);
  expect(job.joinedAlbums).toEqual([]);
  const now = await albums();
  const where = now.filter((a) => a.images.some((image: any) => image.id === photo.id));
  // Organized again, it is placed (joining would have put it back; it goes to an album of its own).
  expect(where).toHaveLength(1);
  expect(where[0].id).not.toBe(album.id);
});
