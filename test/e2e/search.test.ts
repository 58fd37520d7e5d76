/**
 * GET /api/search and GET /api/search/filters through HTTP on the local app (real PostgreSQL, the
 * local API Gateway, signed URLs): the fixture library found word by word and filter by filter, items
 * shaped exactly like the library's, paging by cursor, a constant number of SQL statements per request,
 * and nothing of another user's, whatever words, ids and filters they send. Every answer is checked
 * against the OpenAPI document by the harness.
 */
import pg from 'pg';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import {
  type SearchFixture,
  writeAlbum,
  writePhotos,
  writeSearchFixture,
} from '../support/search-library.ts';

let harness: Harness;
let ana: string;
let bob: string;
let f: SearchFixture;

beforeAll(async () => {
  harness = await startHarness({}, { background: false });
  const anaSession = await harness.signIn('ana-search');
  const bobSession = await harness.signIn('bob-search');
  ana = anaSession.token;
  bob = bobSession.token;
  f = await writeSearchFixture(harness.app.http.db, { ana: anaSession.userId, bob: bobSession.userId });
});
afterAll(() => harness?.stop());

async function search(token: string, params: Record<string, string>) {
  const response = await harness.api(`/api/search?${new URLSearchParams(params)}`, { token });
  expect(response.status).toBe(200);
  return response.body as { photos: any[]; nextCursor: string | null };
}
const ids = async (token: string, params: Record<string, string>) =>
  (await search(token, params)).photos.map((photo) => photo.id);

it('finds by caption, tag, album title, town, file name, accents and case folded, prefixes', async () => {
  const { tejo, market, lake, scan } = f.photos;
  expect(await ids(ana, { q: 'Tejo' })).toEqual([tejo]);
  expect(await ids(ana, { q: 'mountains' })).toEqual([lake]);
  expect(await ids(ana, { q: 'summer' })).toEqual([market, tejo]);
  expect(await ids(ana, { q: 'lisbon' })).toEqual([tejo]);
  expect(await ids(ana, { q: 'grandma' })).toEqual([scan]);
  expect(await ids(ana, { q: 'sao paulo' })).toEqual([market]);
  expect(await ids(ana, { q: 'ZURICH' })).toEqual([lake]);
  expect(await ids(ana, { q: 'lisb' })).toEqual([tejo]);
  expect(await ids(ana, { q: 'summer market' })).toEqual([market]);
  expect(await ids(ana, { q: 'sunset & !tejo' })).toEqual([tejo]);
  // Only punctuation: no word, nothing found (not the whole library).
  expect(await ids(ana, { q: '&&' })).toEqual([]);
  // Blank parameters are absent: the whole library.
  expect(await ids(ana, { q: '', town: '' })).toEqual([scan, market, tejo, f.photos.lake]);
});

it('filters by dates, place, camera, person and album, all together', async () => {
  const { tejo, market, lake, scan } = f.photos;
  expect(await ids(ana, { from: '2025-01-01', to: '2025-06-01' })).toEqual([tejo]);
  expect(await ids(ana, { country: 'Brazil', town: 'São Paulo' })).toEqual([market]);
  expect(await ids(ana, { make: 'Canon', model: 'EOS R5' })).toEqual([tejo, lake]);
  expect(await ids(ana, { person: f.people.marta })).toEqual([market, lake]);
  expect(await ids(ana, { album: f.albums.summer })).toEqual([market, tejo]);
  expect(await ids(ana, { album: 'none' })).toEqual([scan, lake]);
  expect(await ids(ana, { q: 'sunset', make: 'Canon', country: 'Portugal', album: f.albums.summer })).toEqual(
    [tejo],
  );
});

it('answers items exactly as GET /api/images lists them, and pages by cursor without gaps or repeats', async () => {
  const library = await harness.api('/api/images?limit=100', { token: ana });
  const unsigned = (photo: any) => ({ ...photo, url: 0, previewUrl: 0, thumbnailUrl: 0 });
  const found = await search(ana, {});
  expect(found.photos.map(unsigned)).toEqual(library.body.images.map(unsigned));
  expect(found.photos[0].thumbnailUrl).toMatch(/^http/);

  const walked: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { photos: any[]; nextCursor: string | null } = await search(ana, {
      limit: '1',
      ...(cursor ? { cursor } : {}),
    });
    walked.push(...page.photos.map((photo) => photo.id));
    cursor = page.nextCursor;
  } while (cursor && walked.length < 10);
  expect(walked).toEqual(library.body.images.map((photo: any) => photo.id));
});

it('runs the same SQL statements per request whatever the library size: the page, and the albums’ words first', async () => {
  let queries = 0;
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function counted(this: unknown, ...args: unknown[]) {
    queries++;
    return original.apply(this, args);
  };
  try {
    const count = async (params: Record<string, string>) => {
      queries = 0;
      await search(ana, params);
      return queries;
    };
    const first = await search(ana, { limit: '2' });
    const shapes = async () => [
      await count({ q: 'tejo' }),
      await count({ q: 'summer market brazil', person: f.people.marta, album: f.albums.summer }),
      await count({ from: '2024-01-01', to: '2025-12-31', make: 'Canon', album: 'none' }),
      await count({ limit: '2', cursor: first.nextCursor as string }),
    ];
    const small = await shapes();
    // With words: the photos the albums lend them, then the page; without: the page alone.
    expect(small).toEqual([2, 2, 1, 1]);
    // Two hundred more photos, in an album, change nothing.
    const more = await writePhotos(
      harness.app.http.db,
      f.ana,
      Array.from({ length: 200 }, (_, index) => ({
        caption: `Tejo boat ${index}`,
        town: 'Lisbon',
        country: 'Portugal',
        createdAt: '2020-01-01T00:00:00Z',
      })),
    );
    await writeAlbum(harness.app.http.db, f.ana, { title: 'Boats', imageIds: more });
    expect(await shapes()).toEqual(small);
  } finally {
    prototype.query = original;
  }
});

it("never finds another user's photos, with their exact words, ids and filters", async () => {
  const anaWords = { q: 'sunset tejo', country: 'Portugal', town: 'Lisbon', make: 'Canon', model: 'EOS R5' };
  expect(await ids(bob, anaWords)).toEqual([f.bobTejo]);
  expect(await ids(bob, { q: 'summer' })).toEqual([]);
  expect(await ids(bob, { q: 'grandma' })).toEqual([]);
  expect(await ids(bob, { person: f.people.marta })).toEqual([]);
  expect(await ids(bob, { album: f.albums.summer })).toEqual([]);
  expect(await ids(bob, { q: 'trash' })).toEqual([]);
  expect(await ids(ana, { q: 'trash' })).toEqual([]);
  expect(await ids(ana, { q: 'party' })).toEqual([]);
  const anaIds = [...Object.values(f.photos), ...Object.values(f.albums), f.people.marta, f.people.hidden];
  const text = JSON.stringify(await search(bob, {}));
  for (const id of anaIds.filter((value) => value !== f.albums.bobs)) expect(text).not.toContain(id);
});

it('lists the filter choices of the caller only', async () => {
  const choices = await harness.api('/api/search/filters', { token: ana });
  expect(choices.status).toBe(200);
  expect(choices.body.places.map((place: any) => place.town).sort()).toEqual([
    'Lisbon',
    'São Paulo',
    'Zürich',
  ]);
  expect(choices.body.cameras.map((camera: any) => camera.make)).toContain('Canon');
  expect(choices.body.people).toEqual([{ personId: f.people.marta, name: 'Marta', count: 2 }]);
  expect(choices.body).toMatchObject({ takenFrom: '2024-12-24', takenTo: '2025-07-10' });
  const bobs = await harness.api('/api/search/filters', { token: bob });
  expect(bobs.body.people).toEqual([{ personId: f.people.bobs, name: 'Marta', count: 1 }]);
  expect(JSON.stringify(bobs.body)).not.toContain(f.people.marta);
});
