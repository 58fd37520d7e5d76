import { createHash } from 'node:crypto';
import { ValidationError } from '../../lambdas/core/errors.ts';
import { NO_CAMERA_SETTINGS } from '../../lambdas/core/photo-details.ts';
import {
  MAX_FILE_BYTES,
  MAX_FILENAME_LENGTH,
  MAX_FILES_PER_REQUEST,
  UPLOAD_URL_TTL_SECONDS,
} from '../../lambdas/core/upload-policy.ts';
import {
  requestUploadUrls,
  type UploadRequestFile,
} from '../../lambdas/core/use-cases/request-upload-urls.ts';
import {
  FakeUrlSigner,
  InMemoryPhotos,
  ManualClock,
  newId,
  sequentialIds,
} from '../fakes/in-memory-ports.ts';

const ana = newId();
const bob = newId();

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** A photo of `ownerId` that ingest read (and, when `ready`, organizing placed), with these bytes. */
async function inLibrary(
  photos: InMemoryPhotos,
  ownerId: string,
  name: string,
  sha256: string,
  status: 'analyzed' | 'ready' = 'ready',
) {
  const id = newId();
  const storageKey = `users/${ownerId}/photos/${id}/original.jpg`;
  await photos.addAwaitingUpload([
    { id, ownerId, storageKey, originalFilename: name, contentType: 'image/jpeg', sizeBytes: 10 },
  ]);
  await photos.recordIngested({
    imageId: id,
    previewKey: 'p',
    thumbnailKey: 't',
    modelKey: 'm',
    width: 4,
    height: 3,
    takenAt: null,
    takenAtSource: null,
    place: null,
    camera: null,
    settings: NO_CAMERA_SETTINGS,
    location: null,
    sha256,
    perceptualHash: '0000000000000000',
    look: [],
  });
  if (status === 'ready')
    photos.recordAnalysis({
      imageId: id,
      previewKey: 'p',
      thumbnailKey: 't',
      width: 4,
      height: 3,
      takenAt: null,
      place: null,
    });
  return { id, storageKey };
}

function setup() {
  const clock = new ManualClock('2026-05-01T12:00:00.000Z');
  const photos = new InMemoryPhotos({ clock });
  const deps = { photos, urls: new FakeUrlSigner(), ids: sequentialIds(), clock };
  return { deps, photos };
}

const jpeg = (name: string, size = 2_000_000): UploadRequestFile => ({
  name,
  contentType: 'image/jpeg',
  size,
});

describe('requestUploadUrls', () => {
  it('keeps the browser’s file time as the device’s wall clock, and ignores one from the future', async () => {
    const { deps, photos } = setup();
    await requestUploadUrls(deps, ana, [
      { ...jpeg('a.jpg'), lastModified: Date.parse('2025-07-01T08:00:00Z'), utcOffsetMinutes: 120 },
      { ...jpeg('b.jpg'), lastModified: Date.parse('2027-01-01T00:00:00Z'), utcOffsetMinutes: 0 },
      jpeg('c.jpg'),
    ]);
    const byName = new Map([...photos.rows.values()].map((row) => [row.originalFilename, row]));
    expect(byName.get('a.jpg')?.fileModifiedAt?.toISOString()).toBe('2025-07-01T10:00:00.000Z');
    expect(byName.get('b.jpg')?.fileModifiedAt).toBeNull();
    expect(byName.get('c.jpg')?.fileModifiedAt).toBeNull();
  });

  it("signs a PUT for each file under the caller's own prefix and records it as awaiting upload", async () => {
    const { deps, photos } = setup();
    const tickets = await requestUploadUrls(deps, ana, [
      jpeg('beach.jpg', 1_234_567),
      { name: 'dinner.png', contentType: 'image/png', size: 42 },
    ]);

    const [first, second] = [...photos.rows.values()];
    expect(tickets).toEqual([
      {
        status: 'upload',
        key: `users/${ana}/photos/${first?.id}/original.jpg`,
        url: `${FakeUrlSigner.origin}/users/${ana}/photos/${first?.id}/original.jpg?method=PUT&content-type=image%2Fjpeg&content-length=1234567&expires=${UPLOAD_URL_TTL_SECONDS}`,
        method: 'PUT',
        headers: { 'Content-Type': 'image/jpeg' },
        expiresAt: '2026-05-01T12:05:00.000Z',
      },
      {
        status: 'upload',
        key: `users/${ana}/photos/${second?.id}/original.png`,
        url: `${FakeUrlSigner.origin}/users/${ana}/photos/${second?.id}/original.png?method=PUT&content-type=image%2Fpng&content-length=42&expires=${UPLOAD_URL_TTL_SECONDS}`,
        method: 'PUT',
        headers: { 'Content-Type': 'image/png' },
        expiresAt: '2026-05-01T12:05:00.000Z',
      },
    ]);
    expect([...photos.rows.values()]).toEqual([
      expect.objectContaining({
        ownerId: ana,
        storageKey: tickets[0]?.key,
        originalFilename: 'beach.jpg',
        contentType: 'image/jpeg',
        sizeBytes: 1_234_567,
        status: 'awaiting_upload',
      }),
      expect.objectContaining({
        ownerId: ana,
        storageKey: tickets[1]?.key,
        originalFilename: 'dinner.png',
        contentType: 'image/png',
        sizeBytes: 42,
        status: 'awaiting_upload',
      }),
    ]);
  });

  it('names each original after its type', async () => {
    const { deps } = setup();
    const types = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];
    const tickets = await requestUploadUrls(
      deps,
      ana,
      types.map((contentType) => ({ name: 'x', contentType, size: 1 })),
    );
    expect(tickets.map((ticket) => ticket.key.split('/').at(-1))).toEqual([
      'original.jpg',
      'original.png',
      'original.webp',
      'original.heic',
      'original.heif',
    ]);
  });

  it('gives every file a key of its own, even the same name asked for twice or by two users', async () => {
    const { deps, photos } = setup();
    const first = await requestUploadUrls(deps, ana, [jpeg('IMG_0001.jpg'), jpeg('IMG_0001.jpg')]);
    const again = await requestUploadUrls(deps, ana, [jpeg('IMG_0001.jpg')]);
    const bobs = await requestUploadUrls(deps, bob, [jpeg('IMG_0001.jpg')]);
    const keys = [...first, ...again, ...bobs].map((ticket) => ticket.key);
    expect(new Set(keys).size).toBe(4);
    expect(bobs[0]?.key.startsWith(`users/${bob}/`)).toBe(true);
    expect(photos.rows.size).toBe(4);
  });

  it(`keeps a file name of ${MAX_FILENAME_LENGTH} characters as given`, async () => {
    const { deps, photos } = setup();
    const name = `${'é'.repeat(MAX_FILENAME_LENGTH - 4)}.jpg`;
    await requestUploadUrls(deps, ana, [jpeg(name)]);
    expect([...photos.rows.values()][0]?.originalFilename).toBe(name);
  });

  it('refuses a request without files', async () => {
    const { deps, photos } = setup();
    const error = await requestUploadUrls(deps, ana, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    expect(photos.rows.size).toBe(0);
  });

  it(`takes ${MAX_FILES_PER_REQUEST} files in one request and refuses one more, recording nothing`, async () => {
    const { deps, photos } = setup();
    const files = Array.from({ length: MAX_FILES_PER_REQUEST }, (_, index) => jpeg(`IMG_${index}.jpg`));
    expect(await requestUploadUrls(deps, ana, files)).toHaveLength(MAX_FILES_PER_REQUEST);

    const { deps: fresh, photos: none } = setup();
    const error = await requestUploadUrls(fresh, ana, [...files, jpeg('one-too-many.jpg')]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'invalid_request',
      status: 400,
      details: { limit: MAX_FILES_PER_REQUEST },
    });
    expect(none.rows.size).toBe(0);
    expect(photos.rows.size).toBe(MAX_FILES_PER_REQUEST);
  });

  it('refuses a type it cannot organize, naming the file, and records none of the request', async () => {
    const { deps, photos } = setup();
    for (const contentType of [
      'image/gif',
      'application/pdf',
      'IMAGE/JPEG',
      'image/jpeg; charset=utf-8',
      '',
    ]) {
      const error = await requestUploadUrls(deps, ana, [
        jpeg('fine.jpg'),
        { name: 'odd', contentType, size: 10 },
      ]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({
        code: 'unsupported_media_type',
        status: 400,
        details: { field: 'files[1].contentType' },
      });
    }
    expect(photos.rows.size).toBe(0);
  });

  it(`takes a file of exactly ${MAX_FILE_BYTES} bytes and refuses one byte more, recording nothing`, async () => {
    const { deps, photos } = setup();
    await requestUploadUrls(deps, ana, [jpeg('big.jpg', MAX_FILE_BYTES)]);
    expect(photos.rows.size).toBe(1);

    const error = await requestUploadUrls(deps, ana, [
      jpeg('small.jpg', 10),
      jpeg('small-too.jpg', 10),
      jpeg('huge.jpg', MAX_FILE_BYTES + 1),
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'file_too_large',
      status: 400,
      details: { field: 'files[2].size', limit: MAX_FILE_BYTES },
    });
    expect(photos.rows.size).toBe(1);
  });

  it(`lets every URL expire ${UPLOAD_URL_TTL_SECONDS} seconds after the clock's now`, async () => {
    const { deps } = setup();
    deps.clock.set('2026-12-31T23:58:00.000Z');
    const [ticket] = await requestUploadUrls(deps, ana, [jpeg('midnight.jpg')]);
    expect(ticket).toMatchObject({ status: 'upload', expiresAt: '2027-01-01T00:03:00.000Z' });
  });

  describe('with the files’ SHA-256', () => {
    it('answers a file already in the library with that photo and no URL, and signs the others’ checksum', async () => {
      const { deps, photos } = setup();
      const beach = await inLibrary(photos, ana, 'beach.jpg', hashOf('beach'));
      const before = photos.rows.size;
      const tickets = await requestUploadUrls(deps, ana, [
        { ...jpeg('beach-again.jpg'), sha256: hashOf('beach') },
        { ...jpeg('new.jpg', 42), sha256: hashOf('new') },
      ]);
      expect(tickets[0]).toEqual({
        status: 'duplicate',
        key: beach.storageKey,
        imageId: beach.id,
        organized: true,
        message: 'already in your library',
      });
      expect(tickets[0]).not.toHaveProperty('url');
      const upload = tickets[1];
      if (upload?.status !== 'upload') throw new Error(`expected an upload, got ${JSON.stringify(upload)}`);
      expect(new URL(upload.url).searchParams.get('sha256')).toBe(hashOf('new'));
      expect(upload.headers).toEqual({
        'Content-Type': 'image/jpeg',
        'x-amz-checksum-sha256': Buffer.from(hashOf('new'), 'hex').toString('base64'),
      });
      // Only the new file is expected, with the hash it announced.
      expect(photos.rows.size).toBe(before + 1);
      expect(photos.rows.get(upload.key.split('/')[3] as string)).toMatchObject({
        originalFilename: 'new.jpg',
        declaredSha256: hashOf('new'),
        status: 'awaiting_upload',
      });
    });

    it('says whether the photo in the library is organized yet (read by ingest, in no album)', async () => {
      const { deps, photos } = setup();
      const waiting = await inLibrary(photos, ana, 'waiting.jpg', hashOf('waiting'), 'analyzed');
      const [ticket] = await requestUploadUrls(deps, ana, [{ ...jpeg('w.jpg'), sha256: hashOf('waiting') }]);
      expect(ticket).toMatchObject({ status: 'duplicate', imageId: waiting.id, organized: false });
    });

    it('points the second copy in one request at the first one’s new photo', async () => {
      const { deps, photos } = setup();
      const tickets = await requestUploadUrls(deps, ana, [
        { ...jpeg('a.jpg'), sha256: hashOf('same') },
        { ...jpeg('b.jpg'), sha256: hashOf('other') },
        { ...jpeg('a copy.jpg'), sha256: hashOf('same') },
      ]);
      expect(tickets.map((ticket) => ticket.status)).toEqual(['upload', 'upload', 'duplicate']);
      const first = tickets[0];
      expect(tickets[2]).toEqual({
        status: 'duplicate',
        key: first?.key,
        imageId: first?.key.split('/')[3],
        organized: false,
        message: 'already in your library',
      });
      expect(photos.rows.size).toBe(2);
    });

    it('prefers the organized copy when the library holds the bytes twice', async () => {
      const { deps, photos } = setup();
      await inLibrary(photos, ana, 'first.jpg', hashOf('twice'), 'analyzed');
      // Two copies stored before duplicates were caught: the later one was organized.
      const organized = await inLibrary(photos, ana, 'second.jpg', hashOf('later'), 'ready');
      photos.fingerprints.set(organized.id, { sha256: hashOf('twice'), perceptualHash: '0000000000000000' });
      const [ticket] = await requestUploadUrls(deps, ana, [{ ...jpeg('x.jpg'), sha256: hashOf('twice') }]);
      expect(ticket).toMatchObject({ status: 'duplicate', imageId: organized.id, organized: true });
    });

    it('ignores another user’s photo, a photo never uploaded, and a rejected one', async () => {
      const { deps, photos } = setup();
      await inLibrary(photos, bob, 'bobs.jpg', hashOf('bobs'));
      await requestUploadUrls(deps, ana, [{ ...jpeg('pending.jpg'), sha256: hashOf('pending') }]);
      const rejected = await inLibrary(photos, ana, 'bad.jpg', hashOf('bad'), 'analyzed');
      await photos.recordIngestRejected(rejected.id, 'the file is not an image');
      const tickets = await requestUploadUrls(deps, ana, [
        { ...jpeg('a.jpg'), sha256: hashOf('bobs') },
        { ...jpeg('b.jpg'), sha256: hashOf('pending') },
        { ...jpeg('c.jpg'), sha256: hashOf('bad') },
      ]);
      expect(tickets.map((ticket) => ticket.status)).toEqual(['upload', 'upload', 'upload']);
    });

    it('refuses a hash that is not 64 lower-case hex digits, naming the file, and records nothing', async () => {
      const { deps, photos } = setup();
      for (const sha256 of [
        '',
        'abc',
        hashOf('x').toUpperCase(),
        `${hashOf('x')}0`,
        `${hashOf('x').slice(1)}g`,
      ]) {
        const error = await requestUploadUrls(deps, ana, [
          jpeg('fine.jpg'),
          { ...jpeg('odd.jpg'), sha256 },
        ]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({
          code: 'invalid_request',
          status: 400,
          details: { field: 'files[1].sha256' },
        });
      }
      expect(photos.rows.size).toBe(0);
    });
  });
});
