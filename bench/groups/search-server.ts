/**
 * The search routes as `npm start` serves them (startLocalApp: the same handlers behind the local API
 * Gateway, embedded PostgreSQL, s3rver), in their own process, over a library of 10,000 photos written
 * straight into the database (search-library.ts) beside another user's 1,000. Besides serving HTTP it
 * times the repository alone (the database part of a request) and explains each query's plan, and
 * counts every SQL statement (pg.Client#query), as the API bench does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { quietLogger } from '../../lambdas/composition/logging.ts';
import type { PhotoSearch } from '../../lambdas/core/ports.ts';
import { searchWords } from '../../lambdas/core/search.ts';
import { decodeLibraryCursor } from '../../lambdas/core/use-cases/library.ts';
import { type LocalApp, startLocalApp } from '../../lambdas/local-runtime/local-app.ts';
import { createLocalTokens } from '../../lambdas/local-runtime/local-jwt.ts';
import { serveParent } from '../support/child.ts';
import { percentile, round } from '../support/stats.ts';
import { seedSearchLibrary } from './search-library.ts';

export const SEARCH_LIBRARY_PHOTOS = 10_000;
const SECRET = 'bench-local-jwt-secret-0123456789abcdef';

/** One query of the mix: its name and its parameters, as the web app sends them. */
export interface SearchMixEntry {
  name: string;
  params: Record<string, string>;
}

export interface SearchServerInfo {
  url: string;
  token: string;
  photos: number;
  albums: number;
  mix: SearchMixEntry[];
}

let queries = 0;
/** The last statement sent (text and values), to explain what a repository call ran. */
let lastStatement: { text: string; values: unknown[] } | null = null;
const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientPrototype.query;
clientPrototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
  queries++;
  const [first, second] = args as [unknown, unknown];
  if (first && typeof first === 'object' && 'text' in first) {
    const config = first as { text: string; values?: unknown[] };
    lastStatement = { text: config.text, values: config.values ?? [] };
  } else if (typeof first === 'string') {
    lastStatement = { text: first, values: Array.isArray(second) ? second : [] };
  }
  return originalQuery.apply(this, args);
};

let app: LocalApp | undefined;
let dataDir: string | undefined;
let ownerId = '';
let info: SearchServerInfo | undefined;

async function start(): Promise<SearchServerInfo> {
  dataDir = await mkdtemp(join(tmpdir(), 'momentarium-bench-search-'));
  app = await startLocalApp({
    dataDir,
    port: 0,
    postgresPort: 0,
    persistent: false,
    logger: quietLogger,
    env: { LOCAL_JWT_SECRET: SECRET, ORGANIZER: 'offline' },
    background: false,
  });
  const tokens = createLocalTokens(SECRET);
  const other = await app.http.users.ensure('bench-search-other');
  await seedSearchLibrary(app.http.db, other.id, 1_000, 7);
  const owner = await app.http.users.ensure('bench-search');
  ownerId = owner.id;
  const seeded = await seedSearchLibrary(app.http.db, owner.id, SEARCH_LIBRARY_PHOTOS);
  const token = await tokens.issue('bench-search', 'bench-search');
  const url = `http://127.0.0.1:${new URL(app.url).port}`;
  const first = (await (
    await fetch(`${url}/api/search?q=beach`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { nextCursor: string };
  const mix: SearchMixEntry[] = [
    { name: 'word', params: { q: 'beach' } },
    { name: 'prefix', params: { q: 'lisb' } },
    { name: 'unaccented town', params: { q: 'sao paulo' } },
    { name: 'two words', params: { q: 'sunset harbour' } },
    { name: 'album title word', params: { q: 'winter' } },
    { name: 'rare word (a file number)', params: { q: '4242' } },
    { name: 'no match', params: { q: 'zeppelin' } },
    { name: 'camera', params: { make: 'Canon', model: 'EOS R5' } },
    { name: 'dates and country', params: { from: '2023-01-01', to: '2023-12-31', country: 'Portugal' } },
    { name: 'person', params: { person: seeded.personId } },
    { name: 'album', params: { album: seeded.albumId } },
    { name: 'word, camera and dates', params: { q: 'dog', make: 'Apple', from: '2022-01-01' } },
    { name: 'word in no album', params: { q: 'cat', album: 'none' } },
    { name: 'word, page 2', params: { q: 'beach', cursor: first.nextCursor } },
  ];
  info = { url, token, photos: seeded.photos, albums: seeded.albums, mix };
  return info;
}

/** The repository call a mix entry makes (what the use case would pass). */
function repositoryCall(params: Record<string, string>) {
  const search: PhotoSearch = {
    words: params.q ? searchWords(params.q) : [],
    takenFrom: params.from ?? null,
    takenTo: params.to ?? null,
    country: params.country ?? null,
    town: params.town ?? null,
    cameraMake: params.make ?? null,
    cameraModel: params.model ?? null,
    personId: params.person ?? null,
    album: params.album ?? null,
  };
  const after = params.cursor ? decodeLibraryCursor(params.cursor) : null;
  return () => (app as LocalApp).http.search.search(ownerId, search, { limit: 100, after });
}

/**
 * The database part alone: each entry through the repository `rounds` times in turn (no HTTP, no
 * signing), and the server's own execution time of its statement (EXPLAIN ANALYZE), with its plan.
 */
async function timeRepository(params: unknown) {
  const { rounds } = params as { rounds: number };
  const mix = (info as SearchServerInfo).mix;
  const times = new Map<string, number[]>(mix.map((entry) => [entry.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const entry of mix) {
      const call = repositoryCall(entry.params);
      const started = performance.now();
      await call();
      times.get(entry.name)?.push(performance.now() - started);
    }
  }
  const entries = [];
  for (const entry of mix) {
    const call = repositoryCall(entry.params);
    queries = 0;
    const page = await call();
    const statements = queries;
    const statement = lastStatement as { text: string; values: unknown[] };
    const explained = await (app as LocalApp).http.db.executeQuery(
      CompiledQuery.raw(`explain (analyze, buffers) ${statement.text}`, statement.values),
    );
    const plan = (explained.rows as Record<string, string>[]).map((row) => row['QUERY PLAN']).join('\n');
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]);
    const samples = times.get(entry.name) ?? [];
    entries.push({
      name: entry.name,
      found: page.photos.length,
      statements,
      repositoryP50Ms: round(percentile(samples, 50), 2),
      repositoryP99Ms: round(percentile(samples, 99), 2),
      executionMs: round(executionMs, 2),
      plan,
    });
  }
  const all = [...times.values()].flat();
  return {
    entries,
    repositoryP50Ms: round(percentile(all, 50), 2),
    repositoryP99Ms: round(percentile(all, 99), 2),
  };
}

/** Makes one request and counts the SQL statements it ran (nothing else runs meanwhile). */
async function countRequest(params: unknown): Promise<{ status: number; queries: number }> {
  const { path, token } = params as { path: string; token: string };
  const before = queries;
  const response = await fetch(`${(info as SearchServerInfo).url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return { status: response.status, queries: queries - before };
}

/** Table sizes, for the report. */
async function sizes() {
  const { rows } = await sql<{ name: string; bytes: string }>`
    select relname as name, pg_relation_size(oid)::text as bytes from pg_class
    where relname in ('images', 'images_search_idx', 'albums_search_idx', 'images_owner_timeline_idx')
  `.execute((app as LocalApp).http.db);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.bytes)]));
}

/** One `select 1` at a time through the API's own pool: the floor under any statement on this machine now. */
async function queryFloor(params: unknown): Promise<{ p50Ms: number; p99Ms: number }> {
  const { count } = params as { count: number };
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await sql`select 1`.execute((app as LocalApp).http.db);
    times.push(performance.now() - started);
  }
  return { p50Ms: round(percentile(times, 50), 3), p99Ms: round(percentile(times, 99), 3) };
}

serveParent({ start, timeRepository, countRequest, sizes, queryFloor }, async () => {
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});
