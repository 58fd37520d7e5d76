/**
 * Whatever the model answers, the stored albums are valid and every photo is placed: the answer is
 * untrusted input. Each case runs a real job through the real SDK against the fake Gemini server.
 */
import { type FakeGemini, type FakeGeminiReply, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let gemini: FakeGemini;
let harness: Harness;
let token: string;
let keys: string[];

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'k' });
  harness = await startHarness({
    ORGANIZER: 'gemini',
    GEMINI_API_KEY: 'k',
    GEMINI_BASE_URL: gemini.url,
    GEMINI_MAX_ATTEMPTS: '1',
  });
  ({ token } = await harness.signIn('oscar'));
  keys = await uploadFiles(
    harness,
    token,
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => ({
        name: `p${i}.jpg`,
        contentType: 'image/jpeg',
        bytes: await makeJpeg({ width: 320, height: 240, takenAt: new Date(Date.UTC(2026, 3, 1 + i)) }),
      })),
    ),
  );
});
afterAll(async () => {
  await harness?.stop();
  await gemini?.stop();
});

const albums = (value: unknown): FakeGeminiReply => ({ kind: 'json', value });
// An answer that cannot be used at all is organized offline instead (the job says why).
const cases: [string, FakeGeminiReply, 'gemini' | 'offline'][] = [
  [
    'invented ids',
    albums({
      albums: [
        { title: 'A', description: '', photoIds: ['p1', 'p2', 'p77', 'x'] },
        { title: 'B', description: '', photoIds: ['p3', 'p4'] },
      ],
    }),
    'gemini',
  ],
  ['missing ids', albums({ albums: [{ title: 'Only one', description: '', photoIds: ['p2'] }] }), 'gemini'],
  [
    'duplicate ids',
    albums({ albums: [{ title: 'Twice', description: '', photoIds: ['p1', 'p1', 'p2', 'p2', 'p3', 'p4'] }] }),
    'gemini',
  ],
  [
    'empty albums',
    albums({
      albums: [
        { title: 'Empty', description: '', photoIds: [] },
        { title: 'All', description: '', photoIds: ['p1', 'p2', 'p3', 'p4'] },
      ],
    }),
    'gemini',
  ],
  [
    'hundreds of albums',
    albums({
      albums: Array.from({ length: 400 }, (_, i) => ({
        title: `t${i}`,
        description: '',
        photoIds: [`p${(i % 4) + 1}`],
      })),
    }),
    // 400 albums for 4 photos is ~5,000 tokens: past the output budget sized for 4 photos even after
    // the retry with twice the room (the strict fake cuts it with MAX_TOKENS, as Gemini does), so the
    // offline organizer steps in. Capping hundreds of albums is specified in album-plan.test.ts.
    'offline',
  ],
  [
    'very long and HTML titles',
    albums({
      albums: [
        {
          title: `<script>alert("x")</script>${'long '.repeat(200)}`,
          description: `<b>${'d'.repeat(5000)}</b>`,
          photoIds: ['p1', 'p2', 'p3', 'p4'],
        },
      ],
    }),
    'gemini',
  ],
  [
    'wrongly typed fields',
    albums({
      albums: [
        { title: 42, description: null, photoIds: 'p1' },
        'nonsense',
        null,
        { title: 'ok', photoIds: ['p2'] },
      ],
    }),
    'gemini',
  ],
  ['non-JSON text', { kind: 'text', text: 'Sure! Here are your albums: Beach, City' }, 'offline'],
  [
    'truncated JSON with MAX_TOKENS',
    { kind: 'text', text: '{"albums": [{"title": "Beach", "photoIds": ["p1"', finishReason: 'MAX_TOKENS' },
    'offline',
  ],
  ['an empty candidate list', { kind: 'no-candidates' }, 'offline'],
  ['a safety block', { kind: 'finish', finishReason: 'SAFETY' }, 'offline'],
  ['a blocked prompt', { kind: 'blocked', blockReason: 'PROHIBITED_CONTENT' }, 'offline'],
];

describe('untrusted model output', () => {
  it.each(cases)('%s → valid albums, every photo placed', async (_, reply, organizer) => {
    gemini.respondWith(reply);
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
    const job = await waitForJob(harness, token, started.body.jobId);
    expect(job).toMatchObject({ status: 'completed', organizer });
    if (organizer === 'offline') expect(job.fallbackReason).toEqual(expect.any(String));

    // Every album now holding these photos: the ones this job made, and — as each case organizes the
    // same photos again — the earlier cases' albums the offline organizer joined instead.
    const rows = await harness.app.http.db
      .selectFrom('albums')
      .innerJoin('album_images', 'album_images.album_id', 'albums.id')
      .innerJoin('images', 'images.id', 'album_images.image_id')
      .select([
        'albums.id',
        'albums.job_id',
        'albums.title',
        'albums.theme_description',
        'albums.cover_image_id',
        'images.storage_key',
        'album_images.image_id',
      ])
      .where('images.storage_key', 'in', keys)
      .where('albums.deleted_at', 'is', null)
      .execute();
    const byAlbum = Map.groupBy(rows, (row) => row.id);
    expect(byAlbum.size).toBeGreaterThan(0);
    expect(
      new Set(rows.filter((row) => row.job_id === job.jobId).map((row) => row.id)).size,
    ).toBeLessThanOrEqual(41);
    for (const members of byAlbum.values()) {
      const [first] = members;
      expect(Array.from(first?.title ?? '').length).toBeGreaterThan(0);
      expect(Array.from(first?.title ?? '').length).toBeLessThanOrEqual(80);
      expect(Array.from(first?.theme_description ?? '').length).toBeLessThanOrEqual(300);
      expect(members.map((row) => row.image_id)).toContain(first?.cover_image_id);
      expect(new Set(members.map((row) => row.image_id)).size).toBe(members.length);
    }
    expect(new Set(rows.map((row) => row.storage_key))).toEqual(new Set(keys));
  });

  it('hostile descriptions (a megabyte caption, 50 tags, control characters, unknown ids) → bounded, plan still applied', async () => {
    const hostileTags = Array.from({ length: 50 }, (_, i) => `\u202eTag\u0000${i}\n`);
    gemini.respondWith({
      kind: 'json',
      // Far past any output budget: only a misbehaving endpoint sends it, and the app must cope.
      uncapped: true,
      value: {
        albums: [{ title: 'All', description: 'Everything', photoIds: ['p1', 'p2', 'p3', 'p4'] }],
        photos: [
          {
            id: 'p1',
            caption: `\u202e\u2066Evil\u2069\u0000 caption\r\n${'x'.repeat(1_000_000)}`,
            tags: hostileTags,
          },
          { id: 'p77', caption: 'Not a photo that was sent', tags: ['ghost'] },
          { id: 'p2', caption: 'First word', tags: ['kept'] },
          { id: 'p2', caption: 'Second word', tags: ['dropped'] },
          { id: 'p3', caption: { html: '<b>' }, tags: 'not a list' },
        ],
      },
    });
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
    const job = await waitForJob(harness, token, started.body.jobId);
    expect({ ...job, error: job.error ?? null }).toMatchObject({
      status: 'completed',
      organizer: 'gemini',
      albumCount: 1,
      error: null,
    });
    const rows = await harness.app.http.db
      .selectFrom('images')
      .select(['storage_key', 'original_filename', 'caption', 'tags', 'description_source'])
      .where('storage_key', 'in', keys)
      .orderBy('original_filename')
      .execute();
    const bySource = Map.groupBy(rows, (row) => row.description_source);
    const evil = rows.find((row) => row.caption?.startsWith('Evil'));
    expect(evil?.caption).toMatch(/^Evil caption x+…$/);
    expect(Array.from(evil?.caption ?? '')).toHaveLength(120);
    expect(evil?.tags).toEqual(['tag 0', 'tag 1', 'tag 2', 'tag 3', 'tag 4']);
    expect(evil?.description_source).toBe('model');
    expect(rows.find((row) => row.caption === 'First word')).toMatchObject({
      tags: ['kept'],
      description_source: 'model',
    });
    expect(bySource.get('model')).toHaveLength(2);
    // Described with nothing usable, or not at all: the offline description (the day) stands in.
    expect(bySource.get('offline')).toHaveLength(2);
    for (const row of bySource.get('offline') ?? []) expect(row.caption).toMatch(/ April 2026$/);
    for (const row of rows) {
      expect(row.tags.length).toBeLessThanOrEqual(5);
      for (const tag of row.tags) expect(Array.from(tag).length).toBeLessThanOrEqual(32);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none is stored is the point.
      expect(`${row.caption} ${row.tags.join(' ')}`).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
    }
  });
});
