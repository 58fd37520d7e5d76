/**
 * The local AppSync Events stand-in, spoken to as AWS is: the real publisher adapter (SigV4-signed
 * HTTP publishes) and WebSocket clients speaking the Event API's protocol with local tokens.
 */
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { createAppSyncEventsPublisher } from '../../lambdas/adapters/appsync-events/appsync-events-publisher.ts';
import { progressChannel } from '../../lambdas/adapters/appsync-events/progress-channel.ts';
import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import type { ProgressEvent } from '../../lambdas/core/progress.ts';
import {
  type RunningEventsServer,
  startLocalEventsServer,
} from '../../lambdas/local-runtime/local-events-server.ts';
import { createLocalTokens } from '../../lambdas/local-runtime/local-jwt.ts';

const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const tokens = createLocalTokens('x'.repeat(40));
let server: RunningEventsServer;
let host: string;
const users = new Map([
  ['alice-id', 'local:alice'],
  ['bob-id', 'local:bob'],
]);

beforeAll(async () => {
  server = await startLocalEventsServer({
    host: '127.0.0.1',
    port: 0,
    region: 'us-east-1',
    credentials: KEYS,
    tokens,
    logger: silentLogger,
    keepAliveMs: 200,
  });
  host = new URL(server.httpUrl).host;
});
afterAll(() => server.stop());

/** A WebSocket client of the Event API that keeps every message it is sent. */
async function connect(token: string, headerHost = host) {
  const header = Buffer.from(JSON.stringify({ host: headerHost, Authorization: token })).toString(
    'base64url',
  );
  const socket = new WebSocket(server.realtimeUrl, ['aws-appsync-event-ws', `header-${header}`]);
  const received: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  socket.addEventListener('message', (event) => {
    received.push(JSON.parse(String(event.data)));
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) =>
    socket.addEventListener('close', (event) => resolve(event.code)),
  );
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  const next = async (predicate: (message: Record<string, unknown>) => boolean, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such message; got ${JSON.stringify(received)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  const send = (message: unknown) => socket.send(JSON.stringify(message));
  return { socket, received, next, send, closed, token };
}

async function subscribed(subject: string, username: string) {
  const token = await tokens.issue(subject, username);
  const client = await connect(token);
  client.send({ type: 'connection_init' });
  await client.next((message) => message.type === 'connection_ack');
  const id = crypto.randomUUID();
  client.send({
    type: 'subscribe',
    id,
    channel: progressChannel(subject),
    authorization: { host, Authorization: token },
  });
  await client.next((message) => message.type === 'subscribe_success' && message.id === id);
  return { ...client, id };
}

const publisherFor = () =>
  createAppSyncEventsPublisher({
    url: server.httpUrl,
    region: 'us-east-1',
    credentials: KEYS,
    subjectOf: async (userId) => users.get(userId) ?? null,
  });

test('two users connected: each receives only their own events, as data with the event as a JSON string', async () => {
  const alice = await subscribed('local:alice', 'alice');
  const bob = await subscribed('local:bob', 'bob');
  const event: ProgressEvent = { type: 'job', jobId: 'j1', stage: 'asking-the-model', photoCount: 3 };
  await publisherFor().publish('alice-id', event);
  const data = await alice.next((message) => message.type === 'data');
  expect(data).toEqual({ type: 'data', id: alice.id, event: JSON.stringify(event) });
  // Bob's connection heard keep-alives and nothing of Alice's.
  await bob.next((message) => message.type === 'ka');
  expect(bob.received.filter((message) => message.type === 'data')).toEqual([]);
  alice.socket.close();
  bob.socket.close();
});

test('subscribing to another user’s channel, or to every channel, is refused with subscribe_error', async () => {
  const token = await tokens.issue('local:alice', 'alice');
  const alice = await connect(token);
  alice.send({ type: 'connection_init' });
  await alice.next((message) => message.type === 'connection_ack');
  for (const [id, channel] of [
    ['other', progressChannel('local:bob')],
    ['wildcard', '/progress/*'],
    ['namespace', '/default/anything'],
  ]) {
    alice.send({ type: 'subscribe', id, channel, authorization: { host, Authorization: token } });
    const refused = await alice.next((message) => message.id === id);
    expect(refused.type).toBe('subscribe_error');
  }
  // Its own channel without authorization on the subscribe is refused too.
  alice.send({ type: 'subscribe', id: 'bare', channel: progressChannel('local:alice') });
  expect((await alice.next((message) => message.id === 'bare')).type).toBe('subscribe_error');
  // The browser may not publish (IAM only).
  alice.send({
    type: 'publish',
    id: 'p',
    channel: progressChannel('local:alice'),
    events: ['{}'],
    authorization: { host, Authorization: token },
  });
  expect((await alice.next((message) => message.id === 'p')).type).toBe('publish_error');
  alice.socket.close();
});

test('a bad token, or a token for another host, is refused: connection_error, then closed', async () => {
  for (const client of [
    await connect('not-a-token'),
    await connect(await tokens.issue('local:alice', 'alice'), 'elsewhere:1'),
  ]) {
    expect(await client.next((message) => message.type === 'connection_error')).toMatchObject({
      errors: [{ errorType: 'UnauthorizedException' }],
    });
    expect(await client.closed).toBe(1008);
  }
  // No subprotocol: not the Event API's handshake.
  const socket = new WebSocket(server.realtimeUrl);
  await new Promise((resolve) => socket.addEventListener('error', resolve, { once: true }));
});

test('unsubscribe stops delivery', async () => {
  const alice = await subscribed('local:alice', 'alice');
  alice.send({ type: 'unsubscribe', id: alice.id });
  await alice.next((message) => message.type === 'unsubscribe_success');
  await publisherFor().publish('alice-id', { type: 'job', jobId: 'j2', stage: 'saving' });
  await alice.next((message) => message.type === 'ka');
  expect(alice.received.filter((message) => message.type === 'data')).toEqual([]);
  alice.socket.close();
});

describe('publishing', () => {
  const signer = (credentials = KEYS, service = 'appsync') =>
    new SignatureV4({ service, region: 'us-east-1', credentials, sha256: Sha256 });
  async function post(body: unknown, sign: SignatureV4 | null = signer()) {
    const url = new URL(server.httpUrl);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const request = new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body: text,
    });
    const headers = sign ? (await sign.sign(request)).headers : request.headers;
    const response = await fetch(url, { method: 'POST', headers, body: text });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const channel = progressChannel('local:alice');

  it('accepts a signed publish of 1 to 5 JSON strings and answers each one', async () => {
    const answer = await post({ channel, events: ['{"a":1}', '2', '"three"'] });
    expect(answer.status).toBe(200);
    expect(answer.body.failed).toEqual([]);
    expect((answer.body.successful as { index: number }[]).map((entry) => entry.index)).toEqual([0, 1, 2]);
  });

  it('refuses what AppSync refuses', async () => {
    const cases: [unknown, number][] = [
      [{ channel, events: Array.from({ length: 6 }, () => '{}') }, 400],
      [{ channel, events: [] }, 400],
      [{ channel, events: [{ a: 1 }] }, 400],
      [{ channel, events: ['{not json'] }, 400],
      [{ channel, events: [JSON.stringify('x'.repeat(240 * 1024))] }, 400],
      [{ channel: '/default/x', events: ['{}'] }, 400],
      [{ channel: '/progress/*', events: ['{}'] }, 400],
      [{ channel: '/progress/a:b', events: ['{}'] }, 400],
      [{ events: ['{}'] }, 400],
      ['not json', 400],
    ];
    for (const [body, status] of cases) expect([body, (await post(body)).status]).toEqual([body, status]);
  });

  it('refuses requests not signed by the publisher: unsigned, another key, another service', async () => {
    const body = { channel, events: ['{}'] };
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, signer({ accessKeyId: 'OTHER', secretAccessKey: 'S3RVER' }))).status).toBe(401);
    expect((await post(body, signer({ accessKeyId: 'S3RVER', secretAccessKey: 'wrong' }))).status).toBe(401);
    expect((await post(body, signer(KEYS, 'execute-api'))).status).toBe(401);
  });

  it('the publisher adapter reports a refusal as an error (and an unknown owner)', async () => {
    const wrongKey = createAppSyncEventsPublisher({
      url: server.httpUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'wrong' },
      subjectOf: async () => 'local:alice',
    });
    await expect(wrongKey.publish('alice-id', { type: 'job', jobId: 'j', stage: 'saving' })).rejects.toThrow(
      /401/,
    );
    await expect(
      publisherFor().publish('nobody', { type: 'job', jobId: 'j', stage: 'saving' }),
    ).rejects.toThrow(/no user/);
  });
});
