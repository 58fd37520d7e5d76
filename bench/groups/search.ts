/**
 * Search at 10,000 photos (issue 18): GET /api/search at concurrency 1 over a mix of queries (a word, a
 * prefix, an unaccented town, two words, an album's word, a rare and a missing word, filters alone and
 * combined, page 2), end to end through the local API Gateway; the database part alone (the repository,
 * and PostgreSQL's own execution time from EXPLAIN ANALYZE); and the SQL statements each request runs.
 */
import type { Figures, SearchFigures } from '../results.ts';
import { spawnChild } from '../support/child.ts';
import type { BenchContext } from '../support/context.ts';
import { percentile, round } from '../support/stats.ts';
import type { SearchServerInfo } from './search-server.ts';

const SEARCH_SERVER = new URL('./search-server.ts', import.meta.url);

export async function runSearchGroup(ctx: BenchContext): Promise<Figures<SearchFigures>> {
  const rounds = ctx.quick ? 10 : 40;
  const server = spawnChild(SEARCH_SERVER);
  try {
    const seedStarted = performance.now();
    const info = await server.call<SearchServerInfo>('start');
    ctx.log(
      `search: ${info.photos} photos in ${info.albums} albums seeded in ${round((performance.now() - seedStarted) / 1000, 1)} s`,
    );
    const headers = { authorization: `Bearer ${info.token}` };
    const path = (params: Record<string, string>) => `/api/search?${new URLSearchParams(params)}`;
    const get = async (params: Record<string, string>) => {
      const started = performance.now();
      const response = await fetch(`${info.url}${path(params)}`, { headers });
      const body = (await response.json()) as { photos: unknown[] };
      return { ms: performance.now() - started, status: response.status, found: body.photos?.length ?? 0 };
    };
    // Warm-up, discarded: the pool, the S3 signer, the plans.
    for (let index = 0; index < 3; index++) for (const entry of info.mix) await get(entry.params);

    const byEntry = new Map<string, number[]>(info.mix.map((entry) => [entry.name, []]));
    const found = new Map<string, number>();
    // The control, interleaved: the library's first page (GET /api/images, 100 photos: the same items,
    // signing and JSON, one indexed statement and the month counts), to tell this machine's load apart
    // from search's own cost.
    const library: number[] = [];
    let failed = 0;
    for (let round = 0; round < rounds; round++) {
      for (const entry of info.mix) {
        const answer = await get(entry.params);
        if (answer.status !== 200) failed++;
        else byEntry.get(entry.name)?.push(answer.ms);
        found.set(entry.name, answer.found);
      }
      const started = performance.now();
      const response = await fetch(`${info.url}/api/images?limit=100`, { headers });
      await response.arrayBuffer();
      if (response.status === 200) library.push(performance.now() - started);
    }
    const all = [...byEntry.values()].flat();
    ctx.log(
      `search over HTTP, one at a time: p50 ${round(percentile(all, 50))} ms, p99 ${round(percentile(all, 99))} ms (${all.length} requests)`,
    );

    const statements: Record<string, number> = {};
    for (const entry of info.mix) {
      const counted = await server.call<{ status: number; queries: number }>('countRequest', {
        path: path(entry.params),
        token: info.token,
      });
      statements[entry.name] = counted.queries;
    }
    const database = await server.call<{
      entries: Array<{
        name: string;
        found: number;
        statements: number;
        repositoryP50Ms: number;
        repositoryP99Ms: number;
        executionMs: number;
        plan: string;
      }>;
      repositoryP50Ms: number;
      repositoryP99Ms: number;
    }>('timeRepository', { rounds });
    ctx.log(
      `search repository alone: p50 ${database.repositoryP50Ms} ms, p99 ${database.repositoryP99Ms} ms; ` +
        `statements per request: ${[...new Set(Object.values(statements))].join(', ')}`,
    );
    const sizes = await server.call<Record<string, number>>('sizes');
    const floor = await server.call<{ p50Ms: number; p99Ms: number }>('queryFloor', { count: 500 });
    ctx.log(
      `control: GET /api/images?limit=100 p50 ${round(percentile(library, 50))} ms, p99 ${round(percentile(library, 99))} ms; select 1 p50 ${floor.p50Ms} ms`,
    );

    return {
      photos: info.photos,
      albums: info.albums,
      rounds,
      requests: all.length,
      failed,
      p50Ms: round(percentile(all, 50)),
      p99Ms: round(percentile(all, 99)),
      repositoryP50Ms: database.repositoryP50Ms,
      repositoryP99Ms: database.repositoryP99Ms,
      sizes,
      control: {
        libraryP50Ms: round(percentile(library, 50)),
        libraryP99Ms: round(percentile(library, 99)),
        selectOneP50Ms: floor.p50Ms,
        selectOneP99Ms: floor.p99Ms,
      },
      mix: info.mix.map((entry) => {
        const samples = byEntry.get(entry.name) ?? [];
        const db = database.entries.find((candidate) => candidate.name === entry.name);
        return {
          name: entry.name,
          params: Object.fromEntries(
            Object.entries(entry.params).map(([key, value]) => [
              key,
              key === 'cursor' ? '(page 1’s)' : value,
            ]),
          ),
          found: found.get(entry.name) ?? 0,
          queriesPerRequest: statements[entry.name] ?? Number.NaN,
          p50Ms: round(percentile(samples, 50)),
          p99Ms: round(percentile(samples, 99)),
          repositoryP50Ms: db?.repositoryP50Ms ?? Number.NaN,
          repositoryP99Ms: db?.repositoryP99Ms ?? Number.NaN,
          executionMs: db?.executionMs ?? Number.NaN,
          plan: db?.plan ?? '',
        };
      }),
    };
  } finally {
    await server.stop();
  }
}
