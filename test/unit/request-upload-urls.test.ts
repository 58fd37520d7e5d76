import { ValidationError } from '../../lambdas/core/errors.ts';
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
        key: `users/${ana}/photos/${first?.id}/original.jpg`,
        url: `${FakeUrlSigner.origin}/users/${ana}/photos/${first?.id}/original.jpg?method=PUT&content-type=image%2Fjpeg&content-length=1234567&expires=${UPLOAD_URL_TTL_SECONDS}`,
        method: 'PUT',
        headers: { 'Content-Type': 'image/jpeg' },
        expiresAt: '2026-05-01T12:05:00.000Z',
      },
      {
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
    expect(ticket?.expiresAt).toBe('2027-01-01T00:03:00.000Z');
  });
});
