/**
 * Organizing never crosses into someone else's album (issue 17): Bob contributes a photo to Alice's
 * album, then uploads and organizes a batch taken on the same days as Alice's photos. His batch makes
 * or joins only his own albums; Alice's album keeps exactly its photos (hers and the one Bob added),
 * and undoing Bob's job leaves it alone too. The real upload, ingest and worker path, offline organizer.
 */
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;

const day = (n: number, hour = 12) => new Date(Date.UTC(2026, 2, n, hour));

async function organize(token: string, name: string, dates: Date[]) {
  const files = await Promise.all(
    dates.map(async (takenAt, index) => ({
      name: `${name}-${index}.jpg`,
      contentType: 'image/jpeg',
      bytes: await makeJpeg({
        width: 160,
        height: 120,
        takenAt,
        extraIfd0: { ImageDescription: `${name}-${index}` },
      }),
    })),
  );
  const keys = await uploadFiles(harness, token, files);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  const job = await waitForJob(harness, token, started.body.jobId);
  if (job.status !== 'completed') throw new Error(`job ${job.status}: ${job.error}`);
  return job;
}

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

it("a member's batch makes and joins only the member's own albums; the shared album is left as it is", async () => {
  const alice = await harness.signIn('alice');
  const bob = await harness.signIn('bob');
  await organize(alice.token, 'alice', [day(3), day(3, 14), day(4)]);
  const [album] = (await harness.api('/api/galleries/me', { token: alice.token })).body.albums;
  await harness.api(`/api/albums/${album.id}/members`, {
    token: alice.token,
    body: { handle: 'bob', role: 'contributor' },
  });
  await harness.api(`/api/invitations/${album.id}/accept`, { token: bob.token, method: 'POST' });
  await organize(bob.token, 'bob-first', [day(3, 16)]);
  const [bobsFirst] = (await harness.api('/api/images?limit=10', { token: bob.token })).body.images;
  const added = await harness.api(`/api/shared-albums/${album.id}/images`, {
    token: bob.token,
    body: { imageIds: [bobsFirst.id] },
  });
  expect(added.status).toBe(200);
  const shared = async () =>
    (await harness.api(`/api/shared-albums/${album.id}`, { token: bob.token })).body.images.map(
      (image: any) => image.id,
    );
  const before = await shared();
  expect(before).toEqual([...album.images.map((image: any) => image.id), bobsFirst.id]);

  // Bob's new batch: the same days as Alice's album and his own photo in it.
  const job = await organize(bob.token, 'bob-second', [day(3, 13), day(4, 10)]);
  expect(job.joinedAlbums.map((joined: any) => joined.albumId)).not.toContain(album.id);
  expect(await shared()).toEqual(before);
  const bobsAlbums = (await harness.api('/api/galleries/me', { token: bob.token })).body.albums;
  expect(bobsAlbums.map((own: any) => own.id)).not.toContain(album.id);
  const placed = bobsAlbums.flatMap((own: any) => own.images.map((image: any) => image.originalFilename));
  expect(placed).toEqual(expect.arrayContaining(['bob-second-0.jpg', 'bob-second-1.jpg']));

  // Undoing Bob's job takes his batch out of his albums only.
  const undone = await harness.api(`/api/jobs/${job.jobId}/undo`, { token: bob.token, method: 'POST' });
  expect(undone.status).toBe(200);
  expect(await shared()).toEqual(before);

  // Alice organizing more photos of those days joins her own album at most, and Bob's photo stays in it.
  await organize(alice.token, 'alice-more', [day(3, 18)]);
  expect(await shared()).toEqual(expect.arrayContaining(before));
});
