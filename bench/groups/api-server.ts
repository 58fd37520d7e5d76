/**
 * The HTTP API as `npm start` serves it (startLocalApp: the same handlers behind the local API
 * Gateway, embedded PostgreSQL, s3rver, fauxqs) in its own process, without the queue poller and the
 * purge schedule: jobs queued by the process route are not worked on, so only the API competes with
 * the load generator. Every SQL statement is counted (pg.Client#query), to show how many queries a
 * request costs.
 */
import { randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { quietLogger } from '../../lambdas/composition/logging.ts';
import type { HttpDependencies } from '../../lambdas/composition/routes.ts';
import { previewKey, thumbnailKey } from '../../lambdas/core/upload-policy.ts';
import { type LocalApp, startLocalApp } from '../../lambdas/local-runtime/local-app.ts';
import { createLocalTokens } from '../../lambdas/local-runtime/local-jwt.ts';
import { makeJpeg } from '../../test/fixtures/photos.ts';
import { serveParent } from '../support/child.ts';
import { createJob, newPhotos, recordUploads } from '../support/seed.ts';

export interface ApiServerInfo {
  /** http://127.0.0.1:<port> */
  url: string;
  token: string;
  processKeys: string[];
  statusJobId: string;
  /** Tokens of users whose gallery holds that many photos. */
  galleryTokens: Record<string, string>;
}

export const GALLERY_SIZES = [10, 100, 1000];
const SECRET = 'bench-local-jwt-secret-0123456789abcdef';

let queries = 0;
// Kysely's PostgresDialect runs every statement through a pooled pg.Client's query().
const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientPrototype.query;
clientPrototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
  queries++;
  return originalQuery.apply(this, args);
};

/**
 * Requests to the API whose response has not been ended. A client that gives up (autocannon at the
 * end of a run) does not stop the handler, so the next measurement waits until the API has finished
 * them. (s3rver and fauxqs serve from this process too: only the API's port counts.)
 */
let inFlight = 0;
let apiPort = -1;
subscribe('http.server.request.start', (message) => {
  const { response, server } = message as { response: ServerResponse; server: Server };
  if ((server.address() as AddressInfo | null)?.port !== apiPort) return;
  inFlight++;
  const end = response.end;
  response.end = function endCounted(this: ServerResponse, ...args: unknown[]) {
    inFlight--;
    response.end = end;
    return (end as (...args: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
});

let app: LocalApp | undefined;
let dataDir: string | undefined;
let baseUrl = '';

async function start(): Promise<ApiServerInfo> {
  dataDir = await mkdtemp(join(tmpdir(), 'momentarium-bench-'));
  app = await startLocalApp({
    dataDir,
    // Any free port: no browser calls this API, so S3's CORS origins do not matter.
    port: 0,
    postgresPort: 0,
    persistent: false,
    logger: quietLogger,
    env: { LOCAL_JWT_SECRET: SECRET, ORGANIZER: 'offline' },
    background: false,
  });
  apiPort = Number(new URL(app.url).port);
  baseUrl = `http://127.0.0.1:${apiPort}`;
  // Signed with the app's secret: the local API Gateway verifies them as its own.
  const tokens = createLocalTokens(SECRET);

  const subject = 'bench-api';
  const user = await app.http.users.ensure(subject);
  const processPhotos = await seedUploadedPhotos(app.http, user.id, 10);
  const statusJobId = await createJob(app.http, user.id, processPhotos);
  const galleryTokens: Record<string, string> = {};
  for (const size of GALLERY_SIZES) {
    const gallerySubject = `bench-gallery-${size}`;
    await seedGallery(app.http, gallerySubject, size);
    galleryTokens[size] = await tokens.issue(gallerySubject, gallerySubject);
  }
  return {
    url: baseUrl,
    token: await tokens.issue(subject, subject),
    processKeys: processPhotos.map((photo) => photo.key),
    statusJobId,
    galleryTokens,
  };
}

/** Small real JPEGs in storage, recorded as the generate-urls route records them. */
async function seedUploadedPhotos(http: HttpDependencies, ownerId: string, count: number) {
  const bytes = await makeJpeg({ width: 64, height: 48 });
  const photos = newPhotos(ownerId, count);
  for (const photo of photos) await http.storage.put(photo.key, bytes, 'image/jpeg');
  await recordUploads(
    http,
    ownerId,
    photos.map((photo) => ({ ...photo, name: `IMG_${photo.index}.jpg`, size: bytes.length })),
  );
  return photos;
}

/** A finished job's worth of albums (100 photos each), written through the job repository. */
async function seedGallery(http: HttpDependencies, subject: string, count: number): Promise<void> {
  const user = await http.users.ensure(subject);
  const photos = newPhotos(user.id, count);
  await recordUploads(
    http,
    user.id,
    photos.map((photo) => ({ ...photo, name: `IMG_${photo.index}.jpg`, size: 3_500_000 })),
  );
  const jobId = await createJob(http, user.id, photos);
  const claim = await http.jobs.claim(jobId, { leaseSeconds: 900, maxAttempts: 5 });
  if (claim.kind !== 'claimed') throw new Error(`could not claim the seed job: ${claim.kind}`);
  const albums = [];
  for (let start = 0; start < photos.length; start += 100) {
    const imageIds = photos.slice(start, start + 100).map((photo) => photo.id);
    albums.push({
      id: randomUUID(),
      title: `Album ${start / 100 + 1}`,
      themeDescription: 'Seeded for the benchmark.',
      coverImageId: imageIds[0] as string,
      imageIds,
    });
  }
  const done = await http.jobs.complete(jobId, claim.job.attempts, {
    analyses: photos.map((photo) => ({
      imageId: photo.id,
      previewKey: previewKey(photo.key),
      thumbnailKey: thumbnailKey(photo.key),
      width: 4000,
      height: 3000,
      takenAt: new Date(Date.UTC(2025, 5, 1, 9) + photo.index * 60_000),
      place: { city: 'Lisbon', country: 'Portugal' },
    })),
    rejected: [],
    albums,
    result: { organizer: 'offline', albumCount: albums.length, placedCount: photos.length, rejected: [] },
  });
  if (!done) throw new Error('could not complete the seed job');
}

async function idle(): Promise<void> {
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Makes one request and counts the SQL statements it ran (nothing else runs meanwhile). */
async function countRequest(params: unknown): Promise<{ status: number; queries: number; bytes: number }> {
  const { path, token } = params as { path: string; token: string };
  const before = queries;
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.arrayBuffer();
  return { status: response.status, queries: queries - before, bytes: body.byteLength };
}

/**
 * The floor under every database route at concurrency 1: one `select 1` at a time through the API's
 * own Kysely pool, with no HTTP, routing or JSON around it.
 */
async function queryFloor(params: unknown): Promise<{ p50Ms: number; perSecond: number }> {
  const { count } = params as { count: number };
  const db = (app as LocalApp).http.db;
  const times: number[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await sql`select 1`.execute(db);
    times.push(performance.now() - start);
  }
  const elapsedMs = performance.now() - started;
  times.sort((a, b) => a - b);
  return { p50Ms: times[Math.floor(times.length / 2)] as number, perSecond: (count * 1000) / elapsedMs };
}

serveParent(
  {
    start,
    countRequest,
    queryFloor,
    queries: async () => queries,
    idle,
  },
  async () => {
    await app?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  },
);
