/**
 * Search on a real PostgreSQL (migration 015): relevance word by word and filter by filter on a fixture
 * library, accents and case folded, prefixes, every word required, paging without gaps or repeats,
 * hostile words that stay words, one statement per page, and never a photo of someone else, in the
 * Trash or not read yet.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PostgresSearchRepository } from '../../lambdas/adapters/postgres/postgres-search-repository.ts';
import type { Database } from '../../lambdas/adapters/postgres/schema.ts';
import type { LibraryPosition, PhotoSearch } from '../../lambdas/core/ports.ts';
import { searchWords } from '../../lambdas/core/search.ts';
import {
  type SearchFixture,
  writeAlbum,
  writePhotos,
  writeSearchFixture,
} from '../support/search-library.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let search: PostgresSearchRepository;
let f: SearchFixture;

beforeAll(async () => {
  testDb = await createTestDatabase();
  search = new PostgresSearchRepository(testDb.db);
  f = await writeSearchFixture(testDb.db);
});
afterAll(() => testDb.destroy());

const NONE: PhotoSearch = {
  words: [],
  takenFrom: null,
  takenTo: null,
  country: null,
  town: null,
  cameraMake: null,
  cameraModel: null,
  personId: null,
  album: null,
};

/** The ids found for Ana (or `owner`), newest first, one page of 100. */
async function find(query: Partial<Omit<PhotoSearch, 'words'>> & { q?: string }, owner = f.ana) {
  const { q, ...filters } = query;
  const page = await search.search(
    owner,
    { ...NONE, ...filters, words: q === undefined ? [] : searchWords(q) },
    { limit: 100, after: null },
  );
  return page.photos.map((photo) => photo.id);
}

describe('words', () => {
  it('finds a word of a caption, a tag, a town, a country, a camera and a file name', async () => {
    const { tejo, market, lake, scan } = f.photos;
    expect(await find({ q: 'tejo' })).toEqual([tejo]);
    expect(await find({ q: 'mountains' })).toEqual([lake]);
    expect(await find({ q: 'Lisbon' })).toEqual([tejo]);
    expect(await find({ q: 'switzerland' })).toEqual([lake]);
    expect(await find({ q: 'iphone' })).toEqual([market]);
    // File names are split on _ - . : IMG_2041.jpg is img, 2041, jpg.
    expect(await find({ q: '2041' })).toEqual([tejo]);
    expect(await find({ q: 'grandma' })).toEqual([scan]);
    expect(await find({ q: '01' })).toEqual([market]);
  });

  it("finds the words of the owner's albums (title and description) in the photos they hold", async () => {
    const { tejo, market } = f.photos;
    expect(await find({ q: 'summer' })).toEqual([market, tejo]);
    expect(await find({ q: 'family' })).toEqual([market, tejo]);
    // Portugal: the sunset's own country, and the market's album.
    expect(await find({ q: 'portugal' })).toEqual([market, tejo]);
  });

  it('ignores the words of deleted albums and of albums of someone else', async () => {
    expect(await find({ q: 'secret' })).toEqual([]);
    // Bob's "Birthday party" holds Ana's scan.
    expect(await find({ q: 'party' })).toEqual([]);
  });

  it('folds case and accents both ways', async () => {
    const { market, lake } = f.photos;
    expect(await find({ q: 'sao paulo' })).toEqual([market]);
    expect(await find({ q: 'SÃO PAULO' })).toEqual([market]);
    expect(await find({ q: 'ZURICH' })).toEqual([lake]);
    expect(await find({ q: 'zürich' })).toEqual([lake]);
    // Decomposed (NFD) as some keyboards send it.
    expect(await find({ q: 'Zu\u0308rich' })).toEqual([lake]);
  });

  it('matches each word as the start of a word', async () => {
    const { tejo, market } = f.photos;
    expect(await find({ q: 'lisb' })).toEqual([tejo]);
    expect(await find({ q: 'sun tej' })).toEqual([tejo]);
    expect(await find({ q: 'arket' })).toEqual([]);
    expect(await find({ q: 'stall' })).toEqual([market]);
  });

  it('needs every word, each from anywhere: the photo or an album holding it', async () => {
    const { market } = f.photos;
    expect(await find({ q: 'sunset market' })).toEqual([]);
    expect(await find({ q: 'summer market' })).toEqual([market]);
    expect(await find({ q: 'family food brazil' })).toEqual([market]);
  });

  it('reads operators, quotes and colons as plain characters', async () => {
    const { tejo } = f.photos;
    expect(await find({ q: 'sunset & !tejo' })).toEqual([tejo]);
    expect(await find({ q: "'tejo':* | sea" })).toEqual([tejo]);
    expect(await find({ q: 'tejo<->sunset' })).toEqual([tejo]);
    // Words the use case would never send still make no syntax (nor an error): they match nothing.
    const found = async (word: string) =>
      (await search.search(f.ana, { ...NONE, words: [word] }, { limit: 10, after: null })).photos.map(
        (photo) => photo.id,
      );
    for (const word of ["'", '\\', ':*', '&', '|', '!', '(', '\u0301', '‘’', '“”']) {
      expect(await found(word)).toEqual([]);
    }
    // o' is the word o: "over" and "on".
    expect(await found("o'")).toEqual([tejo, f.photos.lake]);
  });

  it('never finds a photo in the Trash, one not read yet, or one of another user', async () => {
    expect(await find({ q: 'trash' })).toEqual([]);
    expect(await find({ q: 'read yet' })).toEqual([]);
    // Both users have a Tejo sunset: each finds only their own.
    expect(await find({ q: 'sunset tejo' })).toEqual([f.photos.tejo]);
    expect(await find({ q: 'sunset tejo' }, f.bob)).toEqual([f.bobTejo]);
    expect(await find({ q: 'summer' }, f.bob)).toEqual([]);
    expect(await find({ q: 'grandma' }, f.bob)).toEqual([]);
  });
});

describe('filters', () => {
  it('takes a date range by the day taken, both ends included; undated photos are outside any range', async () => {
    const { tejo, market, lake } = f.photos;
    expect(await find({ takenFrom: '2025-01-01', takenTo: '2025-06-01' })).toEqual([tejo]);
    expect(await find({ takenFrom: '2025-06-02' })).toEqual([market]);
    expect(await find({ takenTo: '2025-06-01' })).toEqual([tejo, lake]);
    expect(await find({ takenFrom: '2024-12-24', takenTo: '2024-12-24' })).toEqual([lake]);
  });

  it('takes a place, a camera make and model, as listed', async () => {
    const { tejo, market, lake } = f.photos;
    expect(await find({ country: 'Portugal' })).toEqual([tejo]);
    expect(await find({ country: 'Brazil', town: 'São Paulo' })).toEqual([market]);
    expect(await find({ town: 'Zürich' })).toEqual([lake]);
    expect(await find({ cameraMake: 'Canon' })).toEqual([tejo, lake]);
    expect(await find({ cameraMake: 'Canon', cameraModel: 'EOS R5' })).toEqual([tejo, lake]);
    expect(await find({ cameraModel: 'iPhone 15' })).toEqual([market]);
  });

  it("takes one of the owner's people (hidden ones too); anyone else's finds nothing", async () => {
    const { tejo, market, lake } = f.photos;
    expect(await find({ personId: f.people.marta })).toEqual([market, lake]);
    expect(await find({ personId: f.people.hidden })).toEqual([tejo]);
    expect(await find({ personId: f.people.bobs })).toEqual([]);
    expect(await find({ personId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
  });

  it('takes an album of the owner, or none: in none of their albums (deleted and others’ do not count)', async () => {
    const { tejo, market, lake, scan } = f.photos;
    expect(await find({ album: f.albums.summer })).toEqual([market, tejo]);
    expect(await find({ album: 'none' })).toEqual([scan, lake]);
    expect(await find({ album: f.albums.deleted })).toEqual([]);
    expect(await find({ album: f.albums.bobs })).toEqual([]);
  });

  it('ANDs words and filters together', async () => {
    const { tejo, market } = f.photos;
    expect(await find({ q: 'sunset', cameraMake: 'Canon', country: 'Portugal' })).toEqual([tejo]);
    expect(await find({ q: 'summer', cameraMake: 'Apple', personId: f.people.marta })).toEqual([market]);
    expect(await find({ q: 'summer', album: 'none' })).toEqual([]);
    expect(await find({ q: 'canon', takenFrom: '2025-01-01', album: f.albums.summer })).toEqual([tejo]);
  });
});

describe('paging', () => {
  it('walks every match page by page without gaps or repeats, in the library order', async () => {
    const all = await find({});
    expect(all).toHaveLength(4);
    const walked: string[] = [];
    let after: LibraryPosition | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await search.search(f.ana, NONE, { limit: 1, after });
      walked.push(...page.photos.map((photo) => photo.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(walked).toEqual(all);
    // The undated scan sits at its upload time (2026), the newest; then by the day taken.
    expect(all).toEqual([f.photos.scan, f.photos.market, f.photos.tejo, f.photos.lake]);
  });

  it('answers photos shaped as the library lists them, with their albums', async () => {
    const page = await search.search(f.ana, { ...NONE, words: ['tejo'] }, { limit: 10, after: null });
    expect(page.photos).toEqual([
      expect.objectContaining({
        id: f.photos.tejo,
        originalFilename: 'IMG_2041.jpg',
        takenAt: new Date('2025-06-01T18:30:00Z'),
        takenAtSource: 'exif',
        albumIds: [f.albums.summer],
        createdAt: expect.any(Date),
      }),
    ]);
    expect(page.next).toBeNull();
  });
});

describe('query count', () => {
  it('is one statement per page, two with words (the albums’ part first), whatever the library size', async () => {
    // Every statement sent to PostgreSQL, as Kysely executes it.
    let queries = 0;
    const counted = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: testDb.url, max: 2 }) }),
      log: () => {
        queries++;
      },
    });
    const countedSearch = new PostgresSearchRepository(counted);
    // A library of its own, grown below.
    const g = await writeSearchFixture(testDb.db);
    const full: PhotoSearch = {
      words: ['summer', 'market', 'brazil'],
      takenFrom: '2025-01-01',
      takenTo: '2025-12-31',
      country: 'Brazil',
      town: 'São Paulo',
      cameraMake: 'Apple',
      cameraModel: 'iPhone 15',
      personId: g.people.marta,
      album: g.albums.summer,
    };
    const statements = async (query: PhotoSearch) => {
      queries = 0;
      await countedSearch.search(g.ana, query, { limit: 2, after: null });
      return queries;
    };
    expect(await statements(NONE)).toBe(1);
    expect(await statements({ ...NONE, album: 'none' })).toBe(1);
    expect(await statements({ ...NONE, words: ['a'] })).toBe(2);
    expect(await statements(full)).toBe(2);
    // A hundred more photos in albums change nothing.
    const more = await writePhotos(
      testDb.db,
      g.ana,
      Array.from({ length: 100 }, () => ({ caption: 'Market day', town: 'São Paulo', country: 'Brazil' })),
    );
    await writeAlbum(testDb.db, g.ana, { title: 'Summer market', imageIds: more });
    expect(await statements(full)).toBe(2);
    expect(await statements(NONE)).toBe(1);
    queries = 0;
    await countedSearch.filterChoices(g.ana);
    expect(queries).toBe(4);
    await counted.destroy();
  });
});

describe('filter choices', () => {
  it("lists the owner's places (located), cameras, people not hidden and the date span, with counts", async () => {
    const choices = await search.filterChoices(f.ana);
    expect(choices.places).toEqual(
      expect.arrayContaining([
        { country: 'Portugal', town: 'Lisbon', latitude: 38.722, longitude: -9.139, count: 1 },
        { country: 'Brazil', town: 'São Paulo', latitude: -23.55, longitude: -46.633, count: 1 },
        { country: 'Switzerland', town: 'Zürich', latitude: 47.377, longitude: 8.54, count: 1 },
      ]),
    );
    expect(choices.places).toHaveLength(3);
    expect(choices.cameras).toEqual([
      { make: 'Canon', model: 'EOS R5', count: 2 },
      { make: 'Apple', model: 'iPhone 15', count: 1 },
    ]);
    expect(choices.people).toEqual([{ personId: f.people.marta, name: 'Marta', count: 2 }]);
    expect(choices).toMatchObject({ takenFrom: '2024-12-24', takenTo: '2025-07-10' });

    const bobs = await search.filterChoices(f.bob);
    expect(bobs.places).toEqual([
      { country: 'Portugal', town: 'Lisbon', latitude: 38.724, longitude: -9.141, count: 1 },
    ]);
    expect(bobs.people).toEqual([{ personId: f.people.bobs, name: 'Marta', count: 1 }]);
  });

  it('is empty for an empty library', async () => {
    const { PostgresUserRepository } = await import(
      '../../lambdas/adapters/postgres/postgres-user-repository.ts'
    );
    const nobody = await new PostgresUserRepository(testDb.db).ensure('nobody-search');
    expect(await search.filterChoices(nobody.id)).toEqual({
      places: [],
      cameras: [],
      people: [],
      takenFrom: null,
      takenTo: null,
    });
  });

  it('lists a town whose photos have no location (read before locations were kept) with a null location', async () => {
    const { PostgresUserRepository } = await import(
      '../../lambdas/adapters/postgres/postgres-user-repository.ts'
    );
    const earlier = await new PostgresUserRepository(testDb.db).ensure('read-before-014');
    await writePhotos(testDb.db, earlier.id, [
      { town: 'Porto', country: 'Portugal' },
      { town: 'Porto', country: 'Portugal', location: { latitude: 41.15, longitude: -8.611 } },
      { town: 'Braga', country: 'Portugal' },
    ]);
    expect((await search.filterChoices(earlier.id)).places).toEqual([
      { country: 'Portugal', town: 'Porto', latitude: 41.15, longitude: -8.611, count: 2 },
      { country: 'Portugal', town: 'Braga', latitude: null, longitude: null, count: 1 },
    ]);
  });
});
