/**
 * API throughput and latency under 50 connections with autocannon (in this process), against the
 * API in its own process (api-server.ts), beside a bare node:http server (bare-server.ts) measured
 * in the same run before and after the routes. Also counts the gallery's SQL queries at 10, 100 and
 * 1,000 photos, which must not grow with the photo count.
 */
import autocannon from 'autocannon';
import {
  type ApiFigures,
  bareBaseline,
  type Figures,
  type LoadFigures,
  type RouteLoadFigures,
} from '../results.ts';
import { spawnChild } from '../support/child.ts';
import type { BenchContext } from '../support/context.ts';
import { percentile, ratio, round } from '../support/stats.ts';
import { type ApiServerInfo, GALLERY_SIZES } from './api-server.ts';

const API_SERVER = new URL('./api-server.ts', import.meta.url);
const BARE_SERVER = new URL('./bare-server.ts', import.meta.url);
const CONNECTIONS = 50;

/** How long a run lasts: seconds, or a fixed number of requests for routes too slow for that. */
type Span = { duration: number } | { amount: number };

interface Target {
  route: string;
  /** Default: the group's duration at 50 connections, then a shorter run at one connection. */
  load?: Span;
  single?: Span;
  description: string;
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
}

export async function runApiGroup(ctx: BenchContext): Promise<Figures<ApiFigures>> {
  const duration = ctx.quick ? 3 : 10;
  const singleDuration = ctx.quick ? 2 : 4;
  const api = spawnChild(API_SERVER);
  const bare = spawnChild(BARE_SERVER);
  try {
    const info = await api.call<ApiServerInfo>('start');
    const { url: bareUrl } = await bare.call<{ url: string }>('start');

    const galleryQueries: ApiFigures['galleryQueries'] = [];
    for (const size of GALLERY_SIZES) {
      const token = info.galleryTokens[size] as string;
      // The first request warms the pool and the S3 client; the second is the one counted.
      await api.call('countRequest', { path: '/api/galleries/me', token });
      const counted = await api.call<{ status: number; queries: number; bytes: number }>('countRequest', {
        path: '/api/galleries/me',
        token,
      });
      galleryQueries.push({ photos: size, ...counted });
    }
    ctx.log(
      `gallery queries by photo count: ${galleryQueries.map((g) => `${g.photos}→${g.queries}`).join(', ')}`,
    );

    const targets: Target[] = [
      {
        route: 'generate-urls',
        description: 'POST /api/uploads/generate-urls, 10 files',
        method: 'POST',
        path: '/api/uploads/generate-urls',
        token: info.token,
        body: {
          files: Array.from({ length: 10 }, (_, index) => ({
            name: `IMG_${index}.jpg`,
            contentType: 'image/jpeg',
            size: 3_500_000,
          })),
        },
      },
      {
        route: 'process',
        description: 'POST /api/galleries/process, 10 uploaded photos (a new job each time)',
        method: 'POST',
        path: '/api/galleries/process',
        token: info.token,
        body: { imageKeys: info.processKeys },
      },
      {
        route: 'status',
        description: 'GET /api/jobs/{id}/status',
        method: 'GET',
        path: `/api/jobs/${info.statusJobId}/status`,
        token: info.token,
      },
      {
        route: 'gallery-100',
        description: 'GET /api/galleries/me, 100 photos in 10 albums (300 signed URLs)',
        load: { amount: 10 * CONNECTIONS },
        method: 'GET',
        path: '/api/galleries/me',
        token: info.galleryTokens[100] as string,
      },
      {
        route: 'gallery',
        description: 'GET /api/galleries/me, 1,000 photos in 10 albums (3,000 signed URLs)',
        // Too slow for a timed window: 50 people opening their gallery at once, then 5 in a row.
        load: { amount: CONNECTIONS },
        single: { amount: 5 },
        method: 'GET',
        path: '/api/galleries/me',
        token: info.galleryTokens[1000] as string,
      },
    ];

    const bareRuns = [await measure(bareUrl, 'GET', {}, undefined, { duration })];
    const bareSingleRuns = [await measure(bareUrl, 'GET', {}, undefined, { duration: singleDuration }, 1)];
    ctx.log(`bare node:http: ${describe(bareRuns[0] as LoadFigures)}`);
    ctx.log(`bare node:http, one connection: ${describe(bareSingleRuns[0] as LoadFigures)}`);
    const measured: Array<{
      target: Target;
      load: LoadFigures;
      single: LoadFigures;
      queriesPerRequest: number;
    }> = [];
    for (const target of targets) {
      const headers = {
        authorization: `Bearer ${target.token}`,
        ...(target.body ? { 'content-type': 'application/json' } : {}),
      };
      const body = target.body ? JSON.stringify(target.body) : undefined;
      const url = `${info.url}${target.path}`;
      await measure(url, target.method, headers, body, { amount: CONNECTIONS }); // warm-up, discarded
      await api.call('idle');
      const before = await api.call<number>('queries');
      const load = await measure(url, target.method, headers, body, target.load ?? { duration });
      await api.call('idle');
      const after = await api.call<number>('queries');
      const single = await measure(
        url,
        target.method,
        headers,
        body,
        target.single ?? { duration: singleDuration },
        1,
      );
      await api.call('idle');
      measured.push({
        target,
        load,
        single,
        queriesPerRequest: round((after - before) / Math.max(1, load.requests), 2),
      });
      ctx.log(`${target.route}: ${describe(load)}; one connection: ${describe(single)}`);
    }
    const floor = await api.call<{ p50Ms: number; perSecond: number }>('queryFloor', { count: 3000 });
    ctx.log(
      `one select 1 at a time through the API's pool: ${round(floor.perSecond, 0)} per s, p50 ${round(floor.p50Ms, 3)} ms`,
    );
    bareRuns.push(await measure(bareUrl, 'GET', {}, undefined, { duration }));
    bareSingleRuns.push(await measure(bareUrl, 'GET', {}, undefined, { duration: singleDuration }, 1));
    ctx.log(`bare node:http again: ${describe(bareRuns[1] as LoadFigures)}`);
    ctx.log(`bare node:http again, one connection: ${describe(bareSingleRuns[1] as LoadFigures)}`);

    const baseline = bareBaseline(bareRuns);
    const singleBaseline = bareBaseline(bareSingleRuns);
    const routes: RouteLoadFigures[] = measured.map(({ target, load, single, queriesPerRequest }) => ({
      route: target.route,
      description: target.description,
      ...load,
      queriesPerRequest,
      p50VsBare: ratio(load.p50Ms, baseline.p50Ms),
      p99VsBare: ratio(load.p99Ms, baseline.p99Ms),
      rpsVsBare: ratio(load.requestsPerSecond, baseline.requestsPerSecond),
      single,
      singleRpsVsBare: ratio(single.requestsPerSecond, singleBaseline.requestsPerSecond),
    }));
    return {
      connections: CONNECTIONS,
      durationSeconds: duration,
      bare: bareRuns,
      bareSingle: bareSingleRuns,
      queryFloor: { p50Ms: round(floor.p50Ms, 3), perSecond: round(floor.perSecond, 0) },
      routes,
      galleryQueries,
    };
  } finally {
    await api.stop();
    await bare.stop();
  }
}

/**
 * One autocannon run. Latencies are taken from every 2xx response (autocannon's own histogram
 * has 1 ms buckets, too coarse beside a bare server that answers in a fraction of a millisecond).
 */
async function measure(
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: string | undefined,
  span: Span,
  connections = CONNECTIONS,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        connections,
        ...span,
        // A slow gallery answer is a figure, not a failure.
        timeout: 120,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  return {
    connections,
    requestsPerSecond: round(result.requests.total / Math.max(0.001, result.duration), 1),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ...(result.non2xx > 0 ? { statusCodes: statusCounts(result) } : {}),
  };
}

function statusCounts(result: autocannon.Result): Record<string, number> {
  const stats = (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  return Object.fromEntries(Object.entries(stats).map(([code, { count }]) => [code, count]));
}

function describe(load: LoadFigures): string {
  const failures = load.non2xx + load.errors + load.timeouts;
  return `${load.requestsPerSecond} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms${failures ? `, ${failures} failed` : ''}`;
}
