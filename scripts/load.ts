/**
 * `npm run load`: a bounded load run against the whole local stack. Several users at once upload
 * photos through presigned URLs, start processing, poll their jobs and read their galleries for a
 * fixed time; then every job must have completed and every uploaded photo must sit in an album.
 * Traffic goes to 127.0.0.1 only. Prints throughput and p50/p99 per route as a Markdown table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quietLogger } from '../lambdas/composition/logging.ts';
import { freePort } from '../lambdas/local-runtime/free-port.ts';
import { startLocalApp } from '../lambdas/local-runtime/local-app.ts';
import { makeJpeg } from '../test/fixtures/photos.ts';

const USERS = Number(process.env.LOAD_USERS ?? 6);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const PHOTOS_PER_BATCH = 4;

const dataDir = await mkdtemp(join(tmpdir(), 'momentarium-load-'));
const app = await startLocalApp({
  dataDir,
  port: await freePort(),
  postgresPort: 0,
  persistent: false,
  logger: quietLogger,
  pollWaitSeconds: 1,
  env: { LOCAL_JWT_SECRET: 'load-test-secret-that-is-long-enough-0123', ORGANIZER: 'offline' },
});

const latencies = new Map<string, number[]>();
const errors: string[] = [];
const photos = await Promise.all(
  Array.from({ length: PHOTOS_PER_BATCH }, (_, i) =>
    makeJpeg({
      width: 1200,
      height: 900,
      takenAt: new Date(Date.UTC(2026, 4, 2, 9 + i)),
      gps: { latitude: 41.1496, longitude: -8.6109 },
    }),
  ),
);

/** Response bodies of our own API, read loosely: this script checks outcomes, not shapes. */
type Json = any;

async function timedJson(route: string, url: string, init: RequestInit = {}): Promise<Json> {
  return (await timed(route, url, init)).json();
}

async function timed(route: string, url: string, init: RequestInit = {}): Promise<Response> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = await response.arrayBuffer();
  const list = latencies.get(route) ?? [];
  list.push(performance.now() - started);
  latencies.set(route, list);
  if (!response.ok) errors.push(`${route}: ${response.status} ${Buffer.from(body).toString().slice(0, 200)}`);
  return new Response(body, { status: response.status, headers: response.headers });
}

interface UserRun {
  jobs: string[];
  keys: string[];
}

async function runUser(index: number, deadline: number): Promise<UserRun> {
  const api = app.url;
  const session = await timedJson('POST /api/local/sessions', `${api}/api/local/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `load-${index}` }),
  });
  const auth = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  const run: UserRun = { jobs: [], keys: [] };
  while (Date.now() < deadline) {
    const urls = await timedJson('POST /api/uploads/generate-urls', `${api}/api/uploads/generate-urls`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        files: photos.map((bytes, i) => ({
          name: `p${i}.jpg`,
          contentType: 'image/jpeg',
          size: bytes.length,
        })),
      }),
    });
    await Promise.all(
      urls.uploads.map((upload: { url: string; headers: Record<string, string> }, i: number) =>
        timed('PUT <presigned S3 URL>', upload.url, {
          method: 'PUT',
          headers: upload.headers,
          body: photos[i],
        }),
      ),
    );
    const keys = urls.uploads.map((upload: { key: string }) => upload.key);
    run.keys.push(...keys);
    const job = await timedJson('POST /api/galleries/process', `${api}/api/galleries/process`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ imageKeys: keys }),
    });
    run.jobs.push(job.jobId);
    for (;;) {
      const status = await timedJson('GET /api/jobs/{id}/status', `${api}/api/jobs/${job.jobId}/status`, {
        headers: auth,
      });
      if (status.status === 'completed' || status.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await timed('GET /api/galleries/me', `${api}/api/galleries/me`, { headers: auth });
  }
  return run;
}

const started = Date.now();
const runs = await Promise.all(Array.from({ length: USERS }, (_, i) => runUser(i, started + SECONDS * 1000)));
const elapsed = (Date.now() - started) / 1000;

// Nothing lost: every job completed, every uploaded photo is in one of its owner's albums.
const db = app.http.db;
const jobIds = runs.flatMap((run) => run.jobs);
const jobs = await db
  .selectFrom('processing_jobs')
  .select(['id', 'status'])
  .where('id', 'in', jobIds)
  .execute();
const notCompleted = jobs.filter((job) => job.status !== 'completed').length + (jobIds.length - jobs.length);
const keys = runs.flatMap((run) => run.keys);
const placed = await db
  .selectFrom('images')
  .innerJoin('album_images', 'album_images.image_id', 'images.id')
  .select('images.storage_key')
  .distinct()
  .where('images.storage_key', 'in', keys)
  .execute();
const lost = keys.length - placed.length;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
console.log(
  `\nLoad run: ${USERS} users for ${SECONDS} s (${elapsed.toFixed(1)} s wall), ${jobIds.length} jobs, ${keys.length} photos\n`,
);
console.log('| route | requests | req/s | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|---:|');
for (const [route, values] of latencies) {
  console.log(
    `| ${route} | ${values.length} | ${(values.length / elapsed).toFixed(1)} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 99).toFixed(1)} |`,
  );
}
console.log(
  `\nerrors: ${errors.length}; jobs not completed: ${notCompleted}; photos not in an album: ${lost}`,
);
for (const error of errors.slice(0, 10)) console.log(`  ${error}`);

await app.stop();
await rm(dataDir, { recursive: true, force: true });
process.exit(errors.length === 0 && notCompleted === 0 && lost === 0 ? 0 : 1);
