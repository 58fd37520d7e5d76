/**
 * Route throttling through the local gateway, over real HTTP: a burst past a route's limit gets API
 * Gateway's 429, its function never runs for it, other routes do not notice, and use at the route's
 * rate is never refused. Routes built here so the limits are small and the test fast; the manifest's
 * own throttled routes get the same server (lambdas/local-runtime/local-app.ts passes `throttle` on).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import { THROTTLED } from '../../lambdas/handlers/http/routes.ts';
import { json } from '../../lambdas/handlers/middleware/http.ts';
import {
  type LocalRoute,
  type RunningApiServer,
  startApiGatewayServer,
} from '../../lambdas/local-runtime/api-gateway-server.ts';
import { createLocalTokens } from '../../lambdas/local-runtime/local-jwt.ts';

const calls = { throttled: 0, guarded: 0, open: 0, page: 0 };
const route = (name: keyof typeof calls, fields: Omit<LocalRoute, 'name' | 'handler'>): LocalRoute => ({
  name,
  ...fields,
  handler: async () => {
    calls[name] += 1;
    return json(200, { ok: name });
  },
});

let server: RunningApiServer;
let webRoot: string;

beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'momentarium-web-'));
  server = await startApiGatewayServer({
    host: '127.0.0.1',
    port: 0,
    tokens: createLocalTokens('route-throttling-test-secret'),
    webRoot,
    logger: silentLogger,
    routes: [
      route('throttled', {
        method: 'GET',
        path: '/api/throttled',
        authorized: false,
        throttle: { rateLimit: 5, burstLimit: 10 },
      }),
      route('guarded', {
        method: 'GET',
        path: '/api/guarded',
        authorized: true,
        throttle: { rateLimit: 0.1, burstLimit: 2 },
      }),
      route('open', { method: 'GET', path: '/api/open', authorized: false }),
      route('page', {
        method: 'GET',
        path: '/s/{token}',
        authorized: false,
        throttle: { rateLimit: 50, burstLimit: 100 },
      }),
    ],
  });
});
afterAll(async () => {
  await server?.stop();
  await rm(webRoot, { recursive: true, force: true });
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, body: await response.json(), type: response.headers.get('content-type') };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a burst over the limit: the burst passes, the rest get 429 {"message":"Too Many Requests"} without running the function', async () => {
  const answers = await Promise.all(Array.from({ length: 40 }, () => get('/api/throttled')));
  const ok = answers.filter((answer) => answer.status === 200);
  const refused = answers.filter((answer) => answer.status === THROTTLED.status);
  // The whole burst passes; the bucket may refill a few tokens while 40 requests are on their way.
  expect(ok.length).toBeGreaterThanOrEqual(10);
  expect(refused.length).toBeGreaterThan(0);
  expect(ok.length + refused.length).toBe(40);
  for (const answer of refused) {
    expect(answer.body).toEqual({ message: 'Too Many Requests' });
    expect(answer.type).toMatch(/^application\/json/);
  }
  expect(calls.throttled).toBe(ok.length);
});

test('another route does not share the bucket, and a route without a throttle is not limited here', async () => {
  const answers = await Promise.all(Array.from({ length: 60 }, () => get('/api/open')));
  expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(200));
  expect((await get('/s/abc')).status).toBe(200);
});

test('the bucket refills at the rate', async () => {
  let status = 200;
  for (let request = 0; request < 100 && status === 200; request += 1) {
    status = (await get('/api/throttled')).status;
  }
  expect(status).toBe(429); // empty now: less than one token left
  await sleep(450); // 5/s: at least two tokens back
  const statuses = [(await get('/api/throttled')).status, (await get('/api/throttled')).status];
  expect(statuses).toEqual([200, 200]);
});

test('normal use, slower than the rate, is never refused', async () => {
  await sleep(2_100); // a full bucket again
  for (let request = 0; request < 15; request += 1) {
    expect((await get('/api/throttled')).status).toBe(200);
    await sleep(250); // 4/s, under 5/s
  }
});

test('throttling comes before the authorizer, as in API Gateway: no token still spends the bucket', async () => {
  const statuses = await Promise.all(
    Array.from({ length: 4 }, async () => (await get('/api/guarded')).status),
  );
  expect(statuses.sort()).toEqual([401, 401, 429, 429]);
  expect(calls.guarded).toBe(0);
});

test('public pages under /s/ reach their route, not the static web app', async () => {
  const answer = await get('/s/some-token');
  expect(answer).toMatchObject({ status: 200, body: { ok: 'page' } });
});
