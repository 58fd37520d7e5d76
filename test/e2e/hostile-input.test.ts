/**
 * Property-based: malformed, oversized, wrongly typed, deeply nested and injection-laden bodies, paths,
 * headers and query strings at every route. Always a 4xx with the standard error body, never a 5xx,
 * never a changed row.
 */
import fc from 'fast-check';
import { MAX_BULK_PHOTOS } from '../../lambdas/core/upload-policy.ts';
import { PUBLIC_ROUTE_THROTTLE, routes, THROTTLED } from '../../lambdas/handlers/http/routes.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { checkAnswer } from '../support/openapi-contract.ts';
import { seedPeople } from '../support/seed-people.ts';
import { seedReadyPhotos } from '../support/seed-photos.ts';

let harness: Harness;
let token: string;
const RUNS = Number(process.env.HOSTILE_RUNS ?? 40);

beforeAll(async () => {
  harness = await startHarness();
  ({ token } = await harness.signIn('trudy'));
});
afterAll(() => harness?.stop());

const injection = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE images; --',
  '../../../etc/passwd',
  '%00',
  '\u0000',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style probe, literally.
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'users/00000000-0000-0000-0000-000000000000/photos/00000000-0000-0000-0000-000000000000/original.jpg',
);
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  injection,
  fc.constant('x'.repeat(5000)),
);
/** Anything but 64 lower-case hex digits, the only form a file's SHA-256 is taken in. */
const badSha256 = fc.oneof(
  hostileString,
  fc
    .string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 64, maxLength: 64 })
    .filter((v) => /[A-F]/.test(v)),
  fc
    .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 0, maxLength: 128 })
    .filter((v) => v.length !== 64),
  fc.constantFrom(
    `${'a'.repeat(63)}g`,
    ` ${'a'.repeat(64)}`,
    `${'a'.repeat(64)}\n`,
    'sha256:'.padEnd(71, 'a'),
  ),
  fc.oneof(
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
  ),
);
const nested = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const deep = fc.integer({ min: 50, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));
const body = fc.oneof(
  nested.map((value) => JSON.stringify(value) ?? 'null'),
  fc.record({ files: nested, imageKeys: nested }).map((value) => JSON.stringify(value)),
  fc
    .record({
      files: fc.array(
        fc.record({
          name: hostileString,
          contentType: hostileString,
          size: fc.oneof(fc.double(), fc.string(), fc.constant(-1)),
          lastModified: fc.oneof(fc.double(), fc.string(), fc.constant(-1), fc.constant(1e20)),
          utcOffsetMinutes: fc.oneof(fc.double(), fc.string(), fc.integer({ min: 841, max: 100_000 })),
          sha256: badSha256,
        }),
        { maxLength: 3 },
      ),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ imageKeys: fc.array(hostileString, { minLength: 1, maxLength: 5 }) })
    .map((v) => JSON.stringify(v)),
  // Settings: every value but a boolean, and unknown fields beside a valid one.
  fc
    .record({ peopleRecognition: fc.oneof(hostileString, fc.double(), fc.constant(null), nested) })
    .map((v) => JSON.stringify(v)),
  fc.record({ peopleRecognition: fc.boolean(), extra: hostileString }).map((v) => JSON.stringify(v)),
  // Albums made, filled, emptied and merged by hand: every id list holds at least one non-id.
  fc
    .record(
      {
        title: hostileString,
        themeDescription: hostileString,
        imageIds: fc.array(hostileString, { minLength: 1, maxLength: 5 }),
      },
      { requiredKeys: ['imageIds'] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        imageIds: fc.oneof(fc.array(hostileString, { minLength: 1, maxLength: 5 }), nested),
        imageId: hostileString,
        fromAlbumId: hostileString,
      },
      { requiredKeys: [] },
    )
    .filter((v) => v.imageIds !== undefined || v.imageId !== undefined)
    .map((v) => JSON.stringify(v)),
  fc
    .record({ albumIds: fc.oneof(fc.array(hostileString, { minLength: 1, maxLength: 5 }), nested) })
    .map((v) => JSON.stringify(v)),
  // More photo ids than one request takes.
  fc.constant(
    JSON.stringify({ title: 'x', imageIds: Array.from({ length: 501 }, () => crypto.randomUUID()) }),
  ),
  // Bulk photo routes (trash, restore): ids of every wrong kind, made-up ids, too many ids.
  fc
    .record({ imageIds: fc.oneof(nested, fc.array(hostileString, { maxLength: 5 })) })
    .map((v) => JSON.stringify(v)),
  fc.record({ imageIds: fc.array(fc.uuid(), { minLength: 1, maxLength: 3 }) }).map((v) => JSON.stringify(v)),
  fc
    .record({ imageIds: fc.array(fc.uuid(), { minLength: 1, maxLength: 2 }), extra: hostileString })
    .map((v) => JSON.stringify(v)),
  fc
    .integer({ min: MAX_BULK_PHOTOS + 1, max: MAX_BULK_PHOTOS + 50 })
    .map((count) => JSON.stringify({ imageIds: Array.from({ length: count }, () => crypto.randomUUID()) })),
  // Inviting a member (issue 17): handles and roles of every wrong kind.
  fc
    .record(
      {
        handle: fc.oneof(hostileString, nested),
        role: fc.oneof(hostileString, fc.constantFrom('viewer', 'contributor')),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  // People (issue 18): names and visibility of every wrong kind, merges into anything.
  fc
    .record(
      {
        name: fc.oneof(hostileString, nested, fc.constant(null), fc.constant('😀'.repeat(61))),
        hidden: fc.oneof(hostileString, fc.double(), fc.constant(null), fc.boolean()),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.record({ into: fc.oneof(hostileString, nested, fc.uuid()) }).map((v) => JSON.stringify(v)),
  deep,
  hostileString,
);
const pathParam = hostileString.filter((value) => value !== 'me' && value.length > 0);
const headers = fc.record(
  {
    'idempotency-key': hostileString.map((v) => v.replace(/[^\x20-\x7e]/g, '')),
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/json; charset=utf-8',
      'multipart/form-data',
    ),
    'x-forwarded-for': hostileString.map((v) => v.replace(/[^\x20-\x7e]/g, '')),
  },
  { requiredKeys: [] },
);
const query = fc.dictionary(hostileString, hostileString, { maxKeys: 3 });

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // Settings live in the users row: a count would not see one turned on.
  const on = await harness.app.http.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('people_recognition', '=', true)
    .executeTakeFirstOrThrow();
  counts.peopleRecognitionOn = Number(on.n);
  // The Trash and deleted albums (a merge deletes albums by marking them) are columns: a row count would not see them.
  const trashed = await harness.app.http.db
    .selectFrom('images')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('trashed_at', 'is not', null)
    .executeTakeFirstOrThrow();
  counts.trashedImages = Number(trashed.n);
  const deleted = await harness.app.http.db
    .selectFrom('albums')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('deleted_at', 'is not', null)
    .executeTakeFirstOrThrow();
  counts.albumsDeleted = Number(deleted.n);
  for (const table of [
    'users',
    'images',
    'albums',
    'album_images',
    'album_exclusions',
    'processing_jobs',
    'people',
    'faces',
    'album_permissions',
    'album_pages',
    'share_links',
  ] as const) {
    const row = await harness.app.http.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

function pathFor(template: string, value: string): string {
  return template.replace(/\{\w+\}/g, encodeURIComponent(value));
}

// The routes behind the JWT authorizer; the public ones (health, the API description) take no input.
const hostileRoutes = routes.filter((route) => route.authorized);

describe('hostile input at every route', () => {
  it.each(hostileRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s answers 4xx and changes nothing',
    async (_, route) => {
      const before = await tableCounts();
      await fc.assert(
        fc.asyncProperty(pathParam, body, headers, query, async (param, payload, extraHeaders, params) => {
          const search = new URLSearchParams(params).toString();
          const url = `${harness.app.url}${pathFor(route.path, param)}${search ? `?${search}` : ''}`;
          const response = await fetch(url, {
            method: route.method,
            headers: { ...extraHeaders, authorization: `Bearer ${token}` },
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: payload }),
          });
          const text = await response.text();
          // Whatever it answers, the OpenAPI document must say it can (status, error code, body).
          checkAnswer(route.method, url, response.status, text.startsWith('{') ? JSON.parse(text) : text);
          // A read with nothing to mistype (no path parameter), or a route that takes no input at all
          // (emptying a Trash that is empty), may legitimately succeed.
          const noInput = route.request === undefined;
          if ((route.method === 'GET' || noInput) && !route.path.includes('{') && response.status === 200)
            return;
          if (response.status < 400 || response.status >= 500 || !text.startsWith('{')) {
            throw new Error(`${route.method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
          }
          const json = JSON.parse(text);
          expect(json).toEqual({
            error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          });
        }),
        { numRuns: RUNS },
      );
      expect(await tableCounts()).toEqual(before);
    },
  );

  it.each(hostileRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s answers 401 to missing, forged and garbage tokens',
    async (_, route) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constant(''),
            hostileString.map((v) => `Bearer ${v.replace(/[^\x21-\x7e]/g, 'x')}`),
            fc.constant('Basic dXNlcjpwYXNz'),
          ),
          async (authorization) => {
            const response = await fetch(
              `${harness.app.url}${pathFor(route.path, '00000000-0000-4000-8000-000000000000')}`,
              {
                method: route.method,
                headers: authorization ? { authorization } : {},
                ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: '{}' }),
              },
            );
            expect(response.status).toBe(401);
            const json = (await response.json()) as any;
            expect(json.error.code).toBe('unauthorized');
            checkAnswer(route.method, route.path, response.status, json);
          },
        ),
        { numRuns: Math.ceil(RUNS / 2) },
      );
    },
  );
});

// The public shared-album routes take one input, the token: tokens of every shape, with hostile headers
// and queries, are the one 404 of each route (never a 5xx, never a different answer that tells them apart).
const sharedRoutes = routes.filter((route) => !route.authorized && route.path.includes('{token}'));
const token43 = fc.string({
  unit: fc.constantFrom(...'ABCxyz019_-'.split('')),
  minLength: 43,
  maxLength: 43,
});

describe('hostile tokens at the shared-album routes', () => {
  it.each(sharedRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s answers its one 404 to every token',
    async (_, route) => {
      const reference = await fetch(`${harness.app.url}${pathFor(route.path, 'A'.repeat(43))}`);
      const expected = {
        status: reference.status,
        type: reference.headers.get('content-type'),
        text: await reference.text(),
      };
      expect(expected.status).toBe(404);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(pathParam, token43),
          headers,
          query,
          async (param, extraHeaders, params) => {
            // Paced below the routes' throttle (PUBLIC_ROUTE_THROTTLE), so the answers are the route's own.
            await new Promise((resolve) => setTimeout(resolve, 1000 / PUBLIC_ROUTE_THROTTLE.rateLimit + 10));
            const search = new URLSearchParams(params).toString();
            const url = `${harness.app.url}${pathFor(route.path, param)}${search ? `?${search}` : ''}`;
            const response = await fetch(url, {
              headers: { ...extraHeaders, authorization: `Bearer ${token}` },
            });
            const answer = {
              status: response.status,
              type: response.headers.get('content-type'),
              text: await response.text(),
            };
            // Answers the gateway gives before any function runs (oversized headers, its throttle): not the route's.
            if (/"code":"(headers_too_large|bad_request|route_not_found)"/.test(answer.text)) return;
            if (answer.status === THROTTLED.status) {
              expect(JSON.parse(answer.text)).toEqual(THROTTLED.body);
              return;
            }
            expect(answer).toEqual(expected);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );
});

test('a file hash that is not 64 lower-case hex digits is refused, naming the field, and records nothing', async () => {
  const before = await tableCounts();
  await fc.assert(
    fc.asyncProperty(badSha256, fc.integer({ min: 0, max: 2 }), async (sha256, index) => {
      const files = Array.from({ length: 3 }, (_, n) => ({
        name: `f${n}.jpg`,
        contentType: 'image/jpeg',
        size: 1000,
        ...(n === index ? { sha256 } : { sha256: 'ab'.repeat(32) }),
      }));
      const { status, body } = await harness.api('/api/uploads/generate-urls', { token, body: { files } });
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toContain(`files.${index}.sha256`);
    }),
    { numRuns: RUNS },
  );
  expect(await tableCounts()).toEqual(before);
});

test("an album page's headline and introduction: hostile text is refused or stored clean and bounded, never a 5xx", async () => {
  const created = await harness.api('/api/albums', { token, body: { title: 'Hostile page' } });
  expect(created.status).toBe(201);
  const path = `/api/albums/${created.body.id}/page`;
  const text = fc.oneof(
    hostileString,
    fc.constant('😀'.repeat(100_000)),
    fc.constant('<h1 onclick=x>'.repeat(50)),
  );
  await fc.assert(
    fc.asyncProperty(text, text, async (headline, introduction) => {
      const response = await harness.api(path, { token, method: 'PATCH', body: { headline, introduction } });
      checkAnswer('PATCH', path, response.status, response.body);
      expect([200, 400, 413]).toContain(response.status);
      if (response.status !== 200) return;
      const { spec } = response.body;
      expect(Array.from(spec.headline).length).toBeLessThanOrEqual(80);
      expect(Array.from(spec.introduction).length).toBeLessThanOrEqual(600);
      expect(`${spec.headline}${spec.introduction}`).not.toMatch(/[^\P{Cc}\n]/u);
    }),
    { numRuns: RUNS },
  );
});

test('search: fuzzed words and filters answer 200 or a 400 naming the field, never a 5xx', async () => {
  const { token: searcher } = await harness.signIn('trudy-search');
  const day = fc
    .tuple(
      fc.integer({ min: 0, max: 10_999 }),
      fc.integer({ min: 0, max: 14 }),
      fc.integer({ min: 0, max: 33 }),
    )
    .map(
      ([y, m, d]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    );
  const words = fc.oneof(
    hostileString,
    fc.constantFrom(
      "'",
      "''",
      '\\',
      ':*',
      'a:*',
      '!a',
      'a & b',
      'a | b',
      'a <-> b',
      '(a',
      "o'brien",
      '‘’',
      'ŉ',
      '\u0301',
      'São Paulo',
      'ZURICH',
      'lisb',
      'x'.repeat(200),
      'x '.repeat(100),
      'a b c d e f g h i j k l m',
    ),
  );
  const value = fc.oneof(
    hostileString,
    day,
    fc.uuid(),
    fc.constantFrom('none', '', ' ', '0', '-1', '1001', 'NaN'),
  );
  const param = fc.record(
    {
      q: words,
      from: value,
      to: value,
      country: value,
      town: value,
      make: value,
      model: value,
      person: value,
      album: value,
      limit: value,
      cursor: value,
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(param, async (params) => {
      const url = `${harness.app.url}/api/search?${new URLSearchParams(params as Record<string, string>)}`;
      const response = await fetch(url, { headers: { authorization: `Bearer ${searcher}` } });
      const body = (await response.json()) as any;
      checkAnswer('GET', url, response.status, body);
      if (response.status === 200) {
        expect(body.photos).toEqual([]);
        return;
      }
      if (response.status === 431) {
        // Several 5,000-character values: the request line alone is over the gateway's 16 KiB, refused
        // before any route (as API Gateway does) — still a 4xx with the standard body.
        expect({ code: body.error.code, long: url.length > 16 * 1024 - 2048 }).toEqual({
          code: 'headers_too_large',
          long: true,
        });
        return;
      }
      expect(response.status).toBe(400);
      // The message names the parameter at fault.
      expect(body.error.message).toMatch(/^(q|from|to|country|town|make|model|person|album|limit|cursor)\b/);
    }),
    { numRuns: RUNS * 5 },
  );

  const refused = async (query: string, field: string) => {
    const response = await harness.api(`/api/search?${query}`, { token: searcher });
    expect({ query, status: response.status }).toEqual({ query, status: 400 });
    expect(response.body.error.message).toMatch(new RegExp(`^${field}\\b`));
  };
  await refused('from=2026-02-30', 'from');
  await refused('to=2026-13-01', 'to');
  await refused('from=2026-05-02&to=2026-05-01', 'from');
  await refused('from=yesterday', 'from');
  await refused('person=bob', 'person');
  await refused('album=nobody', 'album');
  await refused('limit=0', 'limit');
  await refused('limit=1001', 'limit');
  await refused(`q=${'x'.repeat(201)}`, 'q');
  await refused(`q=${'a '.repeat(13)}`, 'q');
  await refused('cursor=garbage', 'cursor');
  await refused(`town=${encodeURIComponent('a\u0000b')}`, 'town');
});

test("a person's name and merges: hostile input is refused or stored clean and bounded, never a 5xx", async () => {
  const { token: own, userId } = await harness.signIn('trudy-people');
  const { ids } = await seedReadyPhotos(harness.app, userId, [{ takenAt: null, width: 100, height: 80 }]);
  const people = await seedPeople(harness.app, userId, { [ids[0] as string]: [1, 2] });
  const [person, other] = [people.get(1), people.get(2)] as string[];
  const name = fc.oneof(
    hostileString,
    fc.constant('😀'.repeat(100_000)),
    fc.constant(`\u202eevil\u202c${'x'.repeat(60)}`),
    fc.constant(' \t\n '),
  );
  await fc.assert(
    fc.asyncProperty(name, fc.oneof(fc.boolean(), hostileString), async (given, hidden) => {
      const path = `/api/people/${person}`;
      const response = await harness.api(path, {
        token: own,
        method: 'PATCH',
        body: { name: given, hidden },
      });
      checkAnswer('PATCH', path, response.status, response.body);
      expect([200, 400, 413]).toContain(response.status);
      if (response.status !== 200) return;
      const stored: string = response.body.name;
      expect(Array.from(stored).length).toBeGreaterThanOrEqual(1);
      expect(Array.from(stored).length).toBeLessThanOrEqual(60);
      expect(stored).toBe(stored.trim());
      expect(stored).not.toMatch(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u);
    }),
    { numRuns: RUNS },
  );
  await fc.assert(
    fc.asyncProperty(pathParam, fc.oneof(hostileString, nested), async (path, into) => {
      for (const [from, to] of [
        [encodeURIComponent(path), other],
        [person, into],
      ]) {
        const url = `/api/people/${from}/merge`;
        const response = await harness.api(url, { token: own, body: { into: to } });
        checkAnswer('POST', url, response.status, response.body);
        expect([400, 404, 413]).toContain(response.status);
      }
    }),
    { numRuns: RUNS },
  );
  // Nothing was merged: both people are still there.
  const listed = await harness.api('/api/people', { token: own });
  expect(listed.body.people.map((entry: any) => entry.id).sort()).toEqual([person, other].sort());
});
