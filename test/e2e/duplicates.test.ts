/**
 * The same file twice, end to end on the local runtime (real PostgreSQL, S3 endpoint, queues): a file
 * whose hash the library holds gets no upload URL; the same bytes uploaded without a hash are rejected
 * by ingest, naming the original; bytes that do not match the hash announced are rejected too.
 */
import { createHash } from 'node:crypto';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface File {
  name: string;
  bytes: Buffer;
  /** Sent as the file's hash; `true` sends the real one. */
  sha256?: string | true;
}

/** Asks for upload URLs, PUTs every file that got one with the headers returned, and gives the answers. */
async function upload(token: string, files: File[]) {
  const { status, body } = await harness.api('/api/uploads/generate-urls', {
    token,
    body: {
      files: files.map((file) => ({
        name: file.name,
        contentType: 'image/jpeg',
        size: file.bytes.length,
        ...(file.sha256 ? { sha256: file.sha256 === true ? sha256(file.bytes) : file.sha256 } : {}),
      })),
    },
  });
  expect(status).toBe(200);
  await Promise.all(
    body.uploads.map(async (ticket: any, index: number) => {
      if (ticket.status !== 'upload') return;
      const put = await fetch(ticket.url, {
        method: 'PUT',
        headers: ticket.headers,
        body: (files[index] as File).bytes,
      });
      expect(put.status).toBe(200);
    }),
  );
  return body.uploads as any[];
}

async function untilRead(key: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await harness.app.http.db
      .selectFrom('images')
      .select(['id', 'status', 'rejection_reason', 'declared_sha256'])
      .where('storage_key', '=', key)
      .executeTakeFirstOrThrow();
    if (row.status !== 'awaiting_upload') return row;
    if (Date.now() > deadline) throw new Error(`${key} was not read in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a photo already in the library', () => {
  let token: string;
  let beach: Buffer;
  let original: { key: string; id: string };

  beforeAll(async () => {
    ({ token } = await harness.signIn('dupes-ana'));
    beach = await makeJpeg({
      width: 1200,
      height: 900,
      takenAt: new Date('2026-05-02T10:00:00Z'),
      color: '#2277bb',
    });
    const [ticket] = await upload(token, [{ name: 'beach.jpg', bytes: beach, sha256: true }]);
    expect(ticket).toMatchObject({
      status: 'upload',
      headers: { 'x-amz-checksum-sha256': expect.any(String) },
    });
    const row = await untilRead(ticket.key);
    expect(row).toMatchObject({ status: 'analyzed', declared_sha256: sha256(beach) });
    original = { key: ticket.key, id: row.id };
  });

  it('is answered "already in your library" with the photo, before and after it is organized, and gets no URL', async () => {
    const [waiting] = await upload(token, [{ name: 'beach (1).jpg', bytes: beach, sha256: true }]);
    expect(waiting).toEqual({
      status: 'duplicate',
      key: original.key,
      imageId: original.id,
      organized: false,
      message: 'already in your library',
    });

    const started = await harness.api('/api/galleries/process', {
      token,
      body: { imageKeys: [original.key] },
    });
    expect(await waitForJob(harness, token, started.body.jobId)).toMatchObject({ status: 'completed' });

    const other = await makeJpeg({ width: 800, height: 600, color: '#bb7722' });
    const answers = await upload(token, [
      { name: 'beach (2).jpg', bytes: beach, sha256: true },
      { name: 'new.jpg', bytes: other, sha256: true },
      { name: 'new again.jpg', bytes: other, sha256: true },
    ]);
    expect(answers[0]).toEqual({
      status: 'duplicate',
      key: original.key,
      imageId: original.id,
      organized: true,
      message: 'already in your library',
    });
    expect(answers[1]).toMatchObject({ status: 'upload', url: expect.any(String) });
    expect(answers[2]).toMatchObject({ status: 'duplicate', key: answers[1].key, organized: false });
    expect(answers[2]).not.toHaveProperty('url');
    expect(await untilRead(answers[1].key)).toMatchObject({ status: 'analyzed' });

    // Another user's library is theirs: the same file is new to them.
    const bob = await harness.signIn('dupes-bob');
    const [bobs] = await upload(bob.token, [{ name: 'beach.jpg', bytes: beach, sha256: true }]);
    expect(bobs).toMatchObject({ status: 'upload' });
    expect(await untilRead(bobs.key)).toMatchObject({ status: 'analyzed' });
  });

  it('uploaded again without a hash, is rejected by ingest, naming the original; the library keeps one', async () => {
    const [ticket] = await upload(token, [{ name: 'IMG_copy.jpg', bytes: beach }]);
    expect(ticket.status).toBe('upload');
    expect(await untilRead(ticket.key)).toMatchObject({
      status: 'rejected',
      rejection_reason: 'already in your library (as beach.jpg)',
    });
    // Organizing it says why it was left out, in words.
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: [ticket.key] } });
    const job = await waitForJob(harness, token, started.body.jobId);
    expect(job.rejectedImages).toEqual([
      { key: ticket.key, filename: 'IMG_copy.jpg', reason: 'already in your library (as beach.jpg)' },
    ]);
    const library = await harness.api('/api/images', { token });
    expect(
      library.body.images.filter((image: any) => image.originalFilename.startsWith('beach')),
    ).toHaveLength(1);
  });
});

test('bytes that do not match the hash announced are rejected with a reason in words', async () => {
  const { token } = await harness.signIn('dupes-carla');
  const meant = await makeJpeg({ width: 640, height: 480, extraIfd0: { ImageDescription: 'meant' } });
  const sent = await makeJpeg({ width: 640, height: 480, extraIfd0: { ImageDescription: 'other' } });
  expect(sent.length).toBe(meant.length); // the signed length matches; only the bytes differ
  const { status, body } = await harness.api('/api/uploads/generate-urls', {
    token,
    body: {
      files: [{ name: 'field.jpg', contentType: 'image/jpeg', size: meant.length, sha256: sha256(meant) }],
    },
  });
  expect(status).toBe(200);
  const [ticket] = body.uploads;
  // Real S3 would refuse this PUT (400 BadDigest); the local endpoint stores it, and ingest catches it.
  const put = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: sent });
  expect(put.status).toBe(200);
  expect(await untilRead(ticket.key)).toMatchObject({
    status: 'rejected',
    rejection_reason: "the uploaded bytes do not match the file's checksum; upload it again",
  });
});
