import {
  DOWNLOAD_URL_TTL_SECONDS,
  originalKey,
  previewKey,
  thumbnailKey,
} from '../../lambdas/core/upload-policy.ts';
import {
  decodeLibraryCursor,
  encodeLibraryCursor,
  listLibrary,
  MAX_LIBRARY_PAGE,
} from '../../lambdas/core/use-cases/library.ts';
import {
  FakeUrlSigner,
  InMemoryAlbums,
  InMemoryPhotos,
  InMemoryStorage,
  ManualClock,
  newId,
} from '../fakes/in-memory-ports.ts';
import { outcome } from '../support/outcome.ts';

const ana = newId();
const bob = newId();

const signed = (key: string) =>
  `${FakeUrlSigner.origin}/${key}?method=GET&expires=${DOWNLOAD_URL_TTL_SECONDS}`;

function setup() {
  const clock = new ManualClock('2026-05-01T08:00:00.000Z');
  const photos = new InMemoryPhotos({ clock });
  const albums = new InMemoryAlbums(photos, { clock });
  const storage = new InMemoryStorage();
  const urls = new FakeUrlSigner();

  /** A photo as the worker leaves it (record, original, preview, thumbnail), a second after the last unless `at`. */
  async function photo(ownerId: string, { ready = true, name = 'IMG.jpg', at = null as string | null } = {}) {
    if (at) clock.set(at);
    else clock.advance(1000);
    const id = newId();
    const key = originalKey(ownerId, id, 'image/jpeg');
    await photos.addAwaitingUpload([
      { id, ownerId, storageKey: key, originalFilename: name, contentType: 'image/jpeg', sizeBytes: 3 },
    ]);
    await storage.put(key, new Uint8Array([1, 2, 3]), 'image/jpeg');
    if (ready) {
      await storage.put(previewKey(key), new Uint8Array([1]), 'image/jpeg');
      await storage.put(thumbnailKey(key), new Uint8Array([1]), 'image/jpeg');
      photos.recordAnalysis({
        imageId: id,
        previewKey: previewKey(key),
        thumbnailKey: thumbnailKey(key),
        width: 800,
        height: 600,
        // Taken when uploaded: the timeline's order is then the upload order these tests name.
        takenAt: clock.now(),
        place: null,
      });
    }
    return { id, key };
  }

  function album(ownerId: string, imageIds: string[]) {
    clock.advance(1000);
    return albums.insert({ ownerId, title: 'Album', imageIds });
  }

  /** The objects stored under a photo's folder. */
  const objectsOf = (key: string) =>
    [...storage.objects.keys()]
      .filter((stored) => stored.startsWith(key.replace(/original\.jpg$/, '')))
      .sort();

  return { photos, albums, storage, urls, clock, photo, album, objectsOf };
}

const invalidCursor = {
  type: 'ValidationError',
  code: 'invalid_cursor',
  status: 400,
  message: 'cursor is not one this API returned',
  details: { field: 'cursor' },
};

describe('listLibrary', () => {
  it("lists the caller's ready photos newest first, signed, with the albums each is in", async () => {
    const { albums, urls, photo, album } = setup();
    const older = await photo(ana, { name: 'older.jpg' });
    const newer = await photo(ana, { name: 'newer.jpg' });
    await photo(ana, { ready: false });
    await photo(bob);
    const first = album(ana, [older.id, newer.id]);
    const second = album(ana, [older.id]);

    const page = await listLibrary({ albums, urls }, ana, { limit: 10, cursor: null });

    expect(page.nextCursor).toBeNull();
    expect(page.photos).toEqual([
      {
        id: newer.id,
        storageKey: newer.key,
        originalFilename: 'newer.jpg',
        contentType: 'image/jpeg',
        width: 800,
        height: 600,
        takenAt: new Date('2026-05-01T08:00:02.000Z'),
        takenAtSource: 'exif',
        createdAt: new Date('2026-05-01T08:00:02.000Z'),
        albumIds: [first],
        url: signed(newer.key),
        previewUrl: signed(previewKey(newer.key)),
        thumbnailUrl: signed(thumbnailKey(newer.key)),
      },
      expect.objectContaining({ id: older.id, originalFilename: 'older.jpg', albumIds: [second, first] }),
    ]);
  });

  it("names each page's near duplicates as stacks, best photo first, and still lists every photo", async () => {
    const { albums, urls, photos, photo } = setup();
    // A difference hash a bit apart is a copy (core/similar-photos.ts), whatever the look.
    const alike = (id: string, perceptualHash: string, sizeBytes: number) => {
      Object.assign(photos.rows.get(id) as object, { sizeBytes });
      photos.fingerprints.set(id, { sha256: id, perceptualHash });
    };
    const first = await photo(ana);
    const resaved = await photo(ana);
    const other = await photo(ana);
    alike(first.id, '0f0f0f0f0f0f0f0f', 300);
    alike(resaved.id, '0f0f0f0f0f0f0f0e', 900);
    alike(other.id, 'f0f0f0f0f0f0f0f0', 500);

    const page = await listLibrary({ albums, urls }, ana, { limit: 10, cursor: null });

    expect(page.photos.map((listed) => listed.id)).toEqual([other.id, resaved.id, first.id]);
    // Same pixels: the bigger file is the better copy.
    expect(page.stacks).toEqual([{ imageIds: [resaved.id, first.id] }]);
    expect(page.photos[0]).not.toHaveProperty('likeness');
  });

  it('pages through the whole library without losing or repeating a photo, even photos created together', async () => {
    const { albums, urls, photo } = setup();
    const created: string[] = [];
    for (let index = 0; index < 3; index++) created.push((await photo(ana)).id);
    // Four photos recorded in the same microsecond (one upload): only their ids tell them apart, and
    // the cursor must keep all six digits, or the page after one of them skips the others.
    const sameInstant = '2026-05-01T08:00:04.123456Z';
    for (let index = 0; index < 4; index++) created.push((await photo(ana, { at: sameInstant })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listLibrary>> = await listLibrary({ albums, urls }, ana, {
        limit: 2,
        cursor,
      });
      expect(page.photos.length).toBeLessThanOrEqual(2);
      seen.push(...page.photos.map((listed) => listed.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);

    expect(pages).toBe(4);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(created));
    // The four made together are the newest; the three before them come last, newest first.
    expect(new Set(seen.slice(0, 4))).toEqual(new Set(created.slice(3)));
    expect(seen.slice(4)).toEqual(created.slice(0, 3).reverse());
  });

  it('hands out no cursor when the page holds the rest of the library', async () => {
    const { albums, urls, photo } = setup();
    await photo(ana);
    await photo(ana);
    const page = await listLibrary({ albums, urls }, ana, { limit: 2, cursor: null });
    expect(page.photos).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
    expect(await listLibrary({ albums, urls }, bob, { limit: 2, cursor: null })).toEqual({
      photos: [],
      nextCursor: null,
      months: [],
      stacks: [],
    });
  });

  it(`takes a limit from 1 to ${MAX_LIBRARY_PAGE} and refuses anything else`, async () => {
    const { albums, urls, photo } = setup();
    await photo(ana);
    expect((await listLibrary({ albums, urls }, ana, { limit: 1, cursor: null })).photos).toHaveLength(1);
    expect(
      (await listLibrary({ albums, urls }, ana, { limit: MAX_LIBRARY_PAGE, cursor: null })).photos,
    ).toHaveLength(1);
    for (const limit of [0, -1, MAX_LIBRARY_PAGE + 1, 1.5, Number.NaN]) {
      expect(await outcome(listLibrary({ albums, urls }, ana, { limit, cursor: null }))).toMatchObject({
        type: 'ValidationError',
        code: 'invalid_request',
        status: 400,
        details: { field: 'limit' },
      });
    }
  });

  it('refuses a cursor it did not hand out with 400 invalid_cursor', async () => {
    const { albums, urls, photo } = setup();
    await photo(ana);
    const id = newId();
    const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const cursor of [
      '',
      'garbage',
      '!!!!',
      forged('2026-05-01T08:00:00.000000Z'),
      forged(`2026-05-01T08:00:00.000Z|${id}`),
      forged(`2026-05-01 08:00:00.000000Z|${id}`),
      forged(`2026-05-01T08:00:00.000000+01:00|${id}`),
      forged(`2026-05-01T08:00:00.000000Z|${id.toUpperCase()}`),
      forged(`2026-05-01T08:00:00.000000Z|${id}|extra`),
      forged(`2026-05-01T08:00:00.000000Z|not-a-uuid`),
      forged(`2026-05-01T08:00:00.000000Z|${id}'); drop table images; --`),
    ]) {
      expect(await outcome(listLibrary({ albums, urls }, ana, { limit: 10, cursor }))).toEqual(invalidCursor);
    }
  });

  it('refuses a well-formed cursor whose date does not exist with 400 invalid_cursor', async () => {
    const { albums, urls, photo } = setup();
    await photo(ana);
    const id = newId();
    for (const createdAt of [
      '2026-13-45T25:61:61.000000Z',
      '2026-02-30T10:00:00.000000Z',
      '2025-02-29T10:00:00.000000Z',
    ]) {
      const cursor = Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
      expect(await outcome(listLibrary({ albums, urls }, ana, { limit: 10, cursor }))).toEqual(invalidCursor);
    }
  });

  it('refuses a cursor dated in the year 0 with 400 invalid_cursor', async () => {
    // JavaScript's Date takes year 0000 (1 BC), but PostgreSQL has no year 0: the cast would fail
    // there ("date/time field value out of range") and the client would get a 500.
    const { albums, urls, photo } = setup();
    await photo(ana);
    const cursor = Buffer.from(`0000-01-01T00:00:00.000000Z|${newId()}`, 'utf8').toString('base64url');
    expect(await outcome(listLibrary({ albums, urls }, ana, { limit: 10, cursor }))).toEqual(invalidCursor);
  });

  it('takes a cursor dated on a leap day, and lists what is older', async () => {
    const { albums, urls, photo } = setup();
    const { id } = await photo(ana);
    const cursor = encodeLibraryCursor({ at: '2028-02-29T10:00:00.000000Z', id: newId() });
    const page = await listLibrary({ albums, urls }, ana, { limit: 10, cursor });
    expect(page.photos.map((listed) => listed.id)).toEqual([id]);
  });

  it('keeps the position to the microsecond in the cursor', () => {
    const position = { at: '2026-05-01T10:00:00.123456Z', id: newId() };
    const cursor = encodeLibraryCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLibraryCursor(cursor)).toEqual(position);
  });
});

describe('the timeline', () => {
  /** A ready photo taken at `takenAt` (null: no date, so it sits at its upload time). */
  async function taken(
    { photos, clock }: ReturnType<typeof setup>,
    ownerId: string,
    takenAt: string | null,
  ): Promise<string> {
    clock.advance(1000);
    const id = newId();
    const key = originalKey(ownerId, id, 'image/jpeg');
    await photos.addAwaitingUpload([
      { id, ownerId, storageKey: key, originalFilename: 'IMG.jpg', contentType: 'image/jpeg', sizeBytes: 3 },
    ]);
    photos.recordAnalysis({
      imageId: id,
      previewKey: previewKey(key),
      thumbnailKey: thumbnailKey(key),
      width: 800,
      height: 600,
      takenAt: takenAt === null ? null : new Date(takenAt),
      place: null,
    });
    return id;
  }

  it('lists newest taken first, whatever the upload order, a photo without a date at its upload time', async () => {
    const world = setup();
    const { albums, urls } = world;
    const may = await taken(world, ana, '2026-05-12T10:00:00Z');
    const january = await taken(world, ana, '2026-01-03T10:00:00Z');
    const undated = await taken(world, ana, null); // uploaded 2026-05-01T08:00:03Z
    const july2025 = await taken(world, ana, '2025-07-30T23:59:59Z');

    const page = await listLibrary({ albums, urls }, ana, { limit: 10, cursor: null });

    expect(page.photos.map((photo) => photo.id)).toEqual([may, undated, january, july2025]);
    expect(page.months).toEqual([
      { month: '2026-05', count: 2 },
      { month: '2026-01', count: 1 },
      { month: '2025-07', count: 1 },
    ]);
  });

  it('starts at a month with before, and keeps listing what is older from there', async () => {
    const world = setup();
    const { albums, urls } = world;
    await taken(world, ana, '2026-05-12T10:00:00Z');
    const endOfMarch = await taken(world, ana, '2026-03-31T23:59:59.999Z');
    const march = await taken(world, ana, '2026-03-01T00:00:00Z');
    const january = await taken(world, ana, '2026-01-03T10:00:00Z');

    const first = await listLibrary({ albums, urls }, ana, { limit: 2, cursor: null, before: '2026-04' });
    expect(first.photos.map((photo) => photo.id)).toEqual([endOfMarch, march]);
    const rest = await listLibrary({ albums, urls }, ana, { limit: 2, cursor: first.nextCursor });
    expect(rest.photos.map((photo) => photo.id)).toEqual([january]);
    // The months span the whole timeline, and come with a page asked for without a cursor only.
    expect(first.months?.map((month) => month.month)).toEqual(['2026-05', '2026-03', '2026-01']);
    expect(rest).not.toHaveProperty('months');
    // December's next month is in the next year.
    const december = await listLibrary({ albums, urls }, ana, { limit: 10, cursor: null, before: '2025-12' });
    expect(december.photos).toEqual([]);
  });

  it('refuses a before that is not a month, or one sent with a cursor, with 400', async () => {
    const world = setup();
    const { albums, urls } = world;
    await taken(world, ana, '2026-05-12T10:00:00Z');
    const { nextCursor } = await listLibrary({ albums, urls }, ana, { limit: 1, cursor: null });
    expect(nextCursor).toBeNull();
    const cursor = encodeLibraryCursor({ at: '2026-05-01T00:00:00.000000Z', id: newId() });
    for (const before of ['2026-13', '2026-5', '0000-01', '2026-05-01', 'May']) {
      expect(
        await outcome(listLibrary({ albums, urls }, ana, { limit: 1, cursor: null, before })),
      ).toMatchObject({
        status: 400,
        details: { field: 'before' },
      });
    }
    expect(
      await outcome(listLibrary({ albums, urls }, ana, { limit: 1, cursor, before: '2026-05' })),
    ).toMatchObject({ status: 400, details: { field: 'before' } });
  });
});
