/**
 * The HTTP API as `npm start` serves it (the same handlers behind the local API Gateway, embedded
 * PostgreSQL, s3rver, fauxqs) in its own process, without the queue poller: jobs queued by the
 * process route are not worked on, so only the API competes with the load generator.
 * Every SQL statement is counted (pg.Client#query), to show how many queries a request costs.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { silentLogger } from '../../lambdas/adapters/logging/json-logger.ts';
import type { HttpDependencies } from '../../lambdas/composition/routes.ts';
import { originalKey, previewKey, thumbnailKey } from '../../lambdas/core/upload-policy.ts';
import { routes } from '../../lambdas/handlers/http/routes.ts';
import type { HttpHandler } from '../../lambdas/handlers/middleware/http.ts';
import { type LocalRoute, startApiGatewayServer } from '../../lambdas/local-runtime/api-gateway-server.ts';
import { createLocalTokens } from '../../lambdas/local-runtime/local-jwt.ts';
import { makeJpeg } from '../../test/fixtures/photos.ts';
import { serveParent } from '../support/child.ts';
import { type Infra, startInfra } from '../support/infra.ts';

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
const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

let queries = 0;
// Kysely's PostgresDialect runs every statement through a pooled pg.Client's query().
const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientPrototype.query;
clientPrototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
  queries++;
  return originalQuery.apply(this, args);
};

let inFlight = 0;
let infra: Infra | undefined;
let stopApi: (() => Promise<void>) | undefined;
let baseUrl = '';

async function start(): Promise<ApiServerInfo> {
  infra = await startInfra({ queue: true });
  const tokens = createLocalTokens(SECRET);
  const localRoutes: LocalRoute[] = [];
  for (const route of routes) {
    const module = (await import(`../../lambdas/handlers/http/${route.name}.ts`)) as {
      create: (deps: HttpDependencies) => unknown;
    };
    localRoutes.push({ ...route, handler: countInFlight(module.create(infra.http) as HttpHandler) });
  }
  const api = await startApiGatewayServer({
    host: '127.0.0.1',
    port: 0,
    routes: localRoutes,
    tokens,
    webRoot: WEB_ROOT,
    logger: silentLogger,
  });
  stopApi = api.stop;
  const { port } = new URL(api.url);
  baseUrl = `http://127.0.0.1:${port}`;

  const subject = 'bench-api';
  const user = await infra.http.users.ensure(subject);
  const processKeys = await seedUploadedPhotos(infra, user.id, 10);
  const { job } = await infra.http.jobs.create({
    id: randomUUID(),
    ownerId: user.id,
    imageKeys: processKeys,
    idempotencyKey: null,
  });
  const galleryTokens: Record<string, string> = {};
  for (const size of GALLERY_SIZES) {
    const gallerySubject = `bench-gallery-${size}`;
    await seedGallery(infra, gallerySubject, size);
    galleryTokens[size] = await tokens.issue(gallerySubject, gallerySubject);
  }
  return {
    url: baseUrl,
    token: await tokens.issue(subject, subject),
    processKeys,
    statusJobId: job.id,
    galleryTokens,
  };
}

/** Small real JPEGs in storage, recorded as the generate-urls route records them. */
async function seedUploadedPhotos(infra: Infra, ownerId: string, count: number): Promise<string[]> {
  const bytes = await makeJpeg({ width: 64, height: 48 });
  const photos = Array.from({ length: count }, () => {
    const id = randomUUID();
    return { id, key: originalKey(ownerId, id, 'image/jpeg') };
  });
  for (const photo of photos) await infra.http.storage.put(photo.key, bytes, 'image/jpeg');
  await infra.http.photos.addAwaitingUpload(
    photos.map((photo, index) => ({
      id: photo.id,
      ownerId,
      storageKey: photo.key,
      originalFilename: `IMG_${index}.jpg`,
      contentType: 'image/jpeg',
      sizeBytes: bytes.length,
    })),
  );
  return photos.map((photo) => photo.key);
}

/** A finished job's worth of albums (100 photos each), written through the job repository. */
async function seedGallery(infra: Infra, subject: string, count: number): Promise<void> {
  const user = await infra.http.users.ensure(subject);
  const photos = Array.from({ length: count }, (_, index) => {
    const id = randomUUID();
    return { id, index, key: originalKey(user.id, id, 'image/jpeg') };
  });
  await infra.http.photos.addAwaitingUpload(
    photos.map((photo) => ({
      id: photo.id,
      ownerId: user.id,
      storageKey: photo.key,
      originalFilename: `IMG_${photo.index}.jpg`,
      contentType: 'image/jpeg',
      sizeBytes: 3_500_000,
    })),
  );
  const jobId = randomUUID();
  await infra.http.jobs.create({
    id: jobId,
    ownerId: user.id,
    imageKeys: photos.map((photo) => photo.key),
    idempotencyKey: null,
  });
  const claim = await infra.http.jobs.claim(jobId, { leaseSeconds: 900, maxAttempts: 5 });
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
  const done = await infra.http.jobs.complete(jobId, claim.job.attempts, {
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

/**
 * Counts handler invocations still running. A client that gives up (autocannon at the end of a run)
 * does not stop the handler, so the next measurement waits until the API has finished them.
 */
function countInFlight(handler: HttpHandler): HttpHandler {
  return (async (...args: Parameters<HttpHandler>) => {
    inFlight++;
    try {
      return await handler(...args);
    } finally {
      inFlight--;
    }
  }) as HttpHandler;
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

serveParent(
  {
    start,
    countRequest,
    queries: async () => queries,
    idle,
  },
  async () => {
    await stopApi?.();
    await infra?.stop();
  },
);
