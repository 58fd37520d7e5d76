/**
 * The local stand-in for AWS AppSync Events: one server on loopback with the Event API's two doors.
 *
 * - HTTP `POST /event` — publishing, as ingest and the worker do in AWS: SigV4-signed for the
 *   `appsync` service with the local key pair (the namespace lets IAM publish, nothing else), body
 *   `{ channel, events }` with 1–5 events, each a JSON value as a string of at most 240 KB.
 * - WebSocket `/event/realtime` — subscribing, as the browser does: subprotocols `aws-appsync-event-ws`
 *   and `header-<base64url of { host, Authorization }>`; `connection_init` → `connection_ack`, then
 *   keep-alives (`ka`); `subscribe` (with its own `authorization`) → `subscribe_success` or
 *   `subscribe_error`; published events arrive as `data` with the event as a JSON string;
 *   `unsubscribe` → `unsubscribe_success`.
 *
 * Authorization is what the deployment configures (lib/constructs/live-progress.ts): subscribers
 * present a user-pool token (here the locally issued JWT, verified as the API verifies it), and the
 * namespace's onSubscribe handler lets a user subscribe to their own channel only
 * (adapters/appsync-events/progress-channel.ts). What AppSync would refuse is refused here too, so
 * the fake hides no bug the real service would show.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { type WebSocket, WebSocketServer } from 'ws';
import { CHANNEL_SEGMENT, PROGRESS_NAMESPACE, progressChannelSegment } from '../composition/progress.ts';
import type { Logger } from '../core/ports.ts';
import type { LocalTokens } from './local-jwt.ts';

export interface LocalEventsServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  region: string;
  /** The key pair publishers must sign with (the local runtime's, as for S3 and SQS). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  tokens: LocalTokens;
  logger: Logger;
  /** How often a connection hears `ka`. AppSync sends one about every minute. */
  keepAliveMs?: number;
}

export interface RunningEventsServer {
  /** Where publishers POST: http://host:port/event (PROGRESS_EVENTS_URL). */
  httpUrl: string;
  /** Where browsers connect: ws://host:port/event/realtime. */
  realtimeUrl: string;
  stop(): Promise<void>;
}

/** AppSync Events' documented limits. */
export const MAX_EVENTS_PER_PUBLISH = 5;
export const MAX_EVENT_BYTES = 240 * 1024;
const MAX_CHANNEL_SEGMENTS = 5;
const CONNECTION_TIMEOUT_MS = 300_000;
/** SigV4 allows 5 minutes of clock skew; the local clock is the publisher's clock. */
const MAX_SKEW_MS = 5 * 60_000;
const SUBPROTOCOL = 'aws-appsync-event-ws';
const NAMESPACES = new Set([PROGRESS_NAMESPACE]);

interface Subscription {
  id: string;
  channel: string;
  socket: WebSocket;
}

type Problem = { errorType: string; message: string };
const unauthorized: Problem = {
  errorType: 'UnauthorizedException',
  message: 'You are not authorized to make this call.',
};

export async function startLocalEventsServer(
  options: LocalEventsServerOptions,
): Promise<RunningEventsServer> {
  const subscriptions = new Set<Subscription>();
  const signer = new SignatureV4({
    service: 'appsync',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  let host = '';

  const server: Server = createServer((request, response) => {
    publish(request, response).catch((error: unknown) => {
      options.logger.error('local events server failure', { error: String(error) });
      if (!response.headersSent)
        send(response, 500, { errors: [{ errorType: 'InternalFailure', message: 'failure' }] });
    });
  });

  async function publish(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/event' || request.method !== 'POST')
      return send(response, 404, { errors: [{ errorType: 'NotFoundException', message: 'Not found' }] });
    const body = await readBody(request, MAX_EVENTS_PER_PUBLISH * MAX_EVENT_BYTES + 64 * 1024);
    if (body === null) return send(response, 413, badRequest('The request is too large.'));
    if (!(await signedByPublisher(request, body))) return send(response, 401, { errors: [unauthorized] });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return send(response, 400, badRequest('The body is not JSON.'));
    }
    const { channel, events } = (parsed ?? {}) as { channel?: unknown; events?: unknown };
    const channelProblem = typeof channel === 'string' ? checkChannel(channel, false) : 'channel is required';
    if (channelProblem) return send(response, 400, badRequest(channelProblem));
    const eventsProblem = checkEvents(events);
    if (eventsProblem) return send(response, 400, badRequest(eventsProblem));
    const path = normalize(channel as string);
    const accepted = (events as string[]).map((event, index) => ({ identifier: randomUUID(), index, event }));
    for (const subscription of subscriptions) {
      if (!matches(subscription.channel, path)) continue;
      for (const { event } of accepted)
        sendMessage(subscription.socket, { type: 'data', id: subscription.id, event });
    }
    send(response, 200, {
      failed: [],
      successful: accepted.map(({ identifier, index }) => ({ identifier, index })),
    });
  }

  /** The request carries a SigV4 signature, by the local key, for `appsync` in this region, that verifies. */
  async function signedByPublisher(request: IncomingMessage, body: string): Promise<boolean> {
    const authorization = request.headers.authorization ?? '';
    const parts =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!parts || !when) return false;
    const [, accessKey, day, region, service, signedHeaders] = parts;
    if (accessKey !== options.credentials.accessKeyId || region !== options.region || service !== 'appsync')
      return false;
    const signingDate = new Date(`${when[1]}-${when[2]}-${when[3]}T${when[4]}:${when[5]}:${when[6]}Z`);
    if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS || amzDate.slice(0, 8) !== day)
      return false;
    const names = (signedHeaders as string).split(';');
    if (!names.includes('host')) return false;
    const headers: Record<string, string> = {};
    for (const name of names) {
      const value = request.headers[name];
      if (value === undefined) return false;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const expected = await signer.sign(
      new HttpRequest({
        method: request.method ?? 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        path: url.pathname,
        headers,
        body,
      }),
      { signingDate },
    );
    return expected.headers.authorization === authorization;
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_EVENTS_PER_PUBLISH * MAX_EVENT_BYTES,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((protocol) => protocol.trim());
    if (url.pathname !== '/event/realtime' || !offered.includes(SUBPROTOCOL)) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const header = decodeHeader(offered.find((protocol) => protocol.startsWith('header-')));
    sockets.handleUpgrade(request, socket, head, (connection) => {
      serveConnection(connection, header);
    });
  });

  function serveConnection(socket: WebSocket, header: AuthHeader | null): void {
    const mine = new Map<string, Subscription>();
    let keepAlive: NodeJS.Timeout | undefined;
    // Listening starts at once: a client may send connection_init before its token is verified.
    const authorized = (header ? subjectOf(header) : Promise.resolve(null)).then((subject) => {
      // As AppSync: an unauthorized connection is told so and closed.
      if (subject === null) {
        sendMessage(socket, { type: 'connection_error', errors: [unauthorized] });
        socket.close(1008, 'Unauthorized');
      }
      return subject !== null;
    });
    let handled = authorized;
    socket.on('close', () => {
      clearInterval(keepAlive);
      for (const subscription of mine.values()) subscriptions.delete(subscription);
    });
    socket.on('error', () => socket.terminate());
    socket.on('message', (data) => {
      const text = data.toString('utf8');
      // One at a time, in the order sent (a subscribe awaits its token; an unsubscribe must follow it).
      handled = handled
        .then((ok) => (ok ? handleMessage(text).then(() => true) : false))
        .catch((error: unknown) => {
          options.logger.warn('local events server: message failed', { error: String(error) });
          return true;
        });
    });

    async function handleMessage(text: string): Promise<void> {
      let message: { type?: unknown; id?: unknown; channel?: unknown; authorization?: unknown };
      try {
        message = JSON.parse(text);
      } catch {
        return sendMessage(socket, {
          type: 'error',
          errors: [{ errorType: 'BadRequestException', message: 'Invalid JSON' }],
        });
      }
      const id = typeof message.id === 'string' && message.id.length > 0 ? message.id : null;
      switch (message.type) {
        case 'connection_init':
          sendMessage(socket, { type: 'connection_ack', connectionTimeoutMs: CONNECTION_TIMEOUT_MS });
          clearInterval(keepAlive);
          keepAlive = setInterval(() => sendMessage(socket, { type: 'ka' }), options.keepAliveMs ?? 60_000);
          keepAlive.unref();
          return;
        case 'subscribe': {
          if (!id)
            return sendMessage(socket, { type: 'error', errors: [badRequestProblem('id is required')] });
          const refuse = (problem: Problem) =>
            sendMessage(socket, { type: 'subscribe_error', id, errors: [problem] });
          if (mine.has(id)) return refuse(badRequestProblem('A subscription with this id already exists.'));
          if (typeof message.channel !== 'string') return refuse(badRequestProblem('channel is required'));
          const problem = checkChannel(message.channel, true);
          if (problem) return refuse(badRequestProblem(problem));
          // Each subscribe carries its own authorization, checked as the connection's was.
          const auth = message.authorization as AuthHeader | undefined;
          const who = auth && typeof auth === 'object' ? await subjectOf(auth) : null;
          const channel = normalize(message.channel);
          if (who === null || !ownChannel(channel, who)) return refuse(unauthorized);
          const subscription = { id, channel, socket };
          mine.set(id, subscription);
          subscriptions.add(subscription);
          return sendMessage(socket, { type: 'subscribe_success', id });
        }
        case 'unsubscribe': {
          const subscription = id ? mine.get(id) : undefined;
          if (!id || !subscription)
            return sendMessage(socket, {
              type: 'unsubscribe_error',
              id,
              errors: [{ errorType: 'UnknownOperationError', message: 'Unknown subscription id' }],
            });
          mine.delete(id);
          subscriptions.delete(subscription);
          return sendMessage(socket, { type: 'unsubscribe_success', id });
        }
        case 'publish':
          // Only IAM may publish to the namespace; a browser's user-pool token may not.
          return sendMessage(socket, { type: 'publish_error', id, errors: [unauthorized] });
        default:
          return sendMessage(socket, {
            type: 'error',
            ...(id ? { id } : {}),
            errors: [
              { errorType: 'UnsupportedOperation', message: `Unknown message type ${String(message.type)}` },
            ],
          });
      }
    }
  }

  interface AuthHeader {
    host?: unknown;
    Authorization?: unknown;
  }

  /** The subject of a valid token for this API's host, or null. */
  async function subjectOf(auth: AuthHeader): Promise<string | null> {
    if (auth.host !== host || typeof auth.Authorization !== 'string') return null;
    const claims = await options.tokens.verify(auth.Authorization);
    return typeof claims?.sub === 'string' ? claims.sub : null;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `${options.host}:${port}`;
  return {
    httpUrl: `http://${host}/event`,
    realtimeUrl: `ws://${host}/event/realtime`,
    async stop() {
      for (const client of sockets.clients) client.terminate();
      subscriptions.clear();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Why a channel path is not acceptable, or null: a known namespace and 1–4 more segments of 1–50
 * letters, digits or dashes; subscriptions may end in `*` (a wildcard), publishes may not.
 */
function checkChannel(channel: string, subscribing: boolean): string | null {
  const segments = normalize(channel).split('/').slice(1);
  if (segments.length < 2 || segments.length > MAX_CHANNEL_SEGMENTS)
    return `A channel has 2 to ${MAX_CHANNEL_SEGMENTS} segments.`;
  const [namespace, ...rest] = segments;
  if (!NAMESPACES.has(namespace as string)) return `Unknown channel namespace ${namespace}.`;
  for (const [index, segment] of rest.entries()) {
    const wildcard = subscribing && segment === '*' && index === rest.length - 1;
    if (!wildcard && !CHANNEL_SEGMENT.test(segment)) return `Invalid channel segment ${segment}.`;
  }
  return null;
}

function checkEvents(events: unknown): string | null {
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_PUBLISH)
    return `events must list 1 to ${MAX_EVENTS_PER_PUBLISH} events.`;
  for (const event of events) {
    if (typeof event !== 'string') return 'Each event must be a JSON value as a string.';
    if (Buffer.byteLength(event, 'utf8') > MAX_EVENT_BYTES) return 'An event is larger than 240 KB.';
    try {
      JSON.parse(event);
    } catch {
      return 'Each event must be a valid JSON value.';
    }
  }
  return null;
}

/** What the namespace's onSubscribe handler allows: exactly `/progress/<the caller's segment>`. */
function ownChannel(channel: string, subject: string): boolean {
  return channel === `/${PROGRESS_NAMESPACE}/${progressChannelSegment(subject)}`;
}

/** `progress/x` and `/progress/x` name the same channel. */
function normalize(channel: string): string {
  return channel.startsWith('/') ? channel : `/${channel}`;
}

function matches(subscribed: string, published: string): boolean {
  if (!subscribed.endsWith('/*')) return subscribed === published;
  return published.startsWith(subscribed.slice(0, -1));
}

function decodeHeader(protocol: string | undefined): { host?: unknown; Authorization?: unknown } | null {
  if (!protocol) return null;
  try {
    const decoded = JSON.parse(Buffer.from(protocol.slice('header-'.length), 'base64url').toString('utf8'));
    return decoded && typeof decoded === 'object' ? decoded : null;
  } catch {
    return null;
  }
}

function badRequestProblem(message: string): Problem {
  return { errorType: 'BadRequestException', message };
}

function badRequest(message: string) {
  return { errors: [badRequestProblem(message)] };
}

function sendMessage(socket: WebSocket, message: Record<string, unknown>): void {
  if (socket.readyState === 1) socket.send(JSON.stringify(message));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
