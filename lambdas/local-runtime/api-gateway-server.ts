/**
 * The local stand-in for API Gateway (HTTP API) and CloudFront: turns HTTP requests into API Gateway
 * v2 events for the same handlers that run in Lambda, throttles the routes that set a `throttle` as
 * their route settings do, verifies the bearer token where the JWT authorizer would, and serves the
 * static web app for everything outside the API's paths (API_PATH_PREFIXES: /api/ and /s/).
 *
 * Only per-route throttles are enforced here, not the stage-wide default: tests on one machine send
 * bursts no real client sends, and the stage limit is a guard for the account, not behaviour to test.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/ports.ts';
import { API_PATH_PREFIXES, type RouteDefinition, THROTTLED } from '../handlers/http/routes.ts';
import type { HttpEvent, HttpHandler, HttpResult } from '../handlers/middleware/http.ts';
import { fakeLambdaContext } from './lambda-context.ts';
import type { LocalTokens } from './local-jwt.ts';
import { TokenBucket } from './route-throttle.ts';
import { serveData, serveStatic } from './static-files.ts';

/** A route as API Gateway knows it: where it is, whether the authorizer guards it, its function. */
export interface LocalRoute extends Pick<RouteDefinition, 'method' | 'path' | 'authorized' | 'throttle'> {
  name: string;
  handler: HttpHandler;
}

export interface ApiGatewayServerOptions {
  host: string;
  port: number;
  routes: LocalRoute[];
  tokens: LocalTokens;
  webRoot: string;
  logger: Logger;
  /** Served as /config.json, as CloudFront serves the deployment's; absent: 404 (local sign-in). */
  siteConfig?: Record<string, unknown>;
  /** Made at synth time and deployed beside web/ (lib/constructs/website.ts): path → its JSON, made on demand. */
  siteData?: Readonly<Record<string, () => unknown>>;
}

/** API Gateway's own payload limit. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const FUNCTION_TIMEOUT_MS = 29_000;

export interface RunningApiServer {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

export async function startApiGatewayServer(options: ApiGatewayServerOptions): Promise<RunningApiServer> {
  // As in API Gateway, the most specific route wins: /api/images/similar before /api/images/{imageId}.
  const compiled = options.routes
    .map((route) => ({
      route,
      ...compilePath(route.path),
      bucket: route.throttle ? new TokenBucket(route.throttle) : undefined,
    }))
    .sort((a, b) => parameterCount(a.route.path) - parameterCount(b.route.path));
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger.error('local gateway failure', { error: String(error) });
      if (!response.headersSent)
        sendJson(response, 500, { error: { code: 'internal_error', message: 'local gateway failure' } });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname === '/config.json' && options.siteConfig && (method === 'GET' || method === 'HEAD')) {
      return sendJson(response, 200, options.siteConfig);
    }
    const siteData = options.siteData?.[url.pathname];
    if (siteData && (method === 'GET' || method === 'HEAD')) return serveData(siteData(), method, response);
    if (!API_PATH_PREFIXES.some((prefix) => url.pathname.startsWith(prefix)) && url.pathname !== '/api') {
      return serveStatic(options.webRoot, url.pathname, method, response);
    }
    const matches = compiled
      .map((entry) => ({ entry, params: entry.match(url.pathname) }))
      .filter((candidate) => candidate.params !== null);
    const match = matches.find((candidate) => candidate.entry.route.method === method);
    if (!match) {
      // API Gateway answers 404 for a path or method without a route.
      return sendJson(response, 404, {
        error: { code: 'route_not_found', message: `no route for ${method} ${url.pathname}` },
      });
    }
    // As API Gateway: throttling comes first, before the body, the authorizer or the function.
    if (match.entry.bucket && !match.entry.bucket.take()) {
      request.resume();
      response.writeHead(THROTTLED.status, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify(THROTTLED.body));
    }
    const body = await readBody(request);
    if (body === null) {
      return sendJson(response, 413, {
        error: { code: 'payload_too_large', message: 'request body is larger than 10 MB' },
      });
    }
    let claims: Record<string, unknown> | undefined;
    if (match.entry.route.authorized) {
      const token = bearerToken(request.headers.authorization);
      claims = token ? ((await options.tokens.verify(token)) ?? undefined) : undefined;
      if (!claims) {
        return sendJson(response, 401, {
          error: { code: 'unauthorized', message: 'A valid bearer token is required' },
        });
      }
    }
    const event = toEvent(request, url, match.entry.route, match.params ?? {}, body, claims);
    const result = await match.entry.route.handler(
      event,
      fakeLambdaContext(match.entry.route.name, FUNCTION_TIMEOUT_MS),
    );
    writeResult(response, result);
  }

  // Requests Node rejects before routing (oversized headers, malformed HTTP) still get the standard
  // JSON error body, as API Gateway answers with its own body rather than an empty one.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      error: tooLarge
        ? { code: 'headers_too_large', message: 'request headers are larger than 16 KiB' }
        : { code: 'bad_request', message: 'malformed HTTP request' },
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host === '127.0.0.1' ? 'localhost' : options.host}:${port}`;
  return {
    url,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parameterCount(path: string): number {
  return path.split('{').length - 1;
}

function compilePath(path: string): { match: (pathname: string) => Record<string, string> | null } {
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${pattern}/?$`);
  return {
    match: (pathname) => {
      const found = regex.exec(pathname);
      if (!found) return null;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1] ?? '');
      });
      return params;
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  request: IncomingMessage,
  url: URL,
  route: LocalRoute,
  pathParameters: Record<string, string>,
  body: Buffer,
  claims: Record<string, unknown> | undefined,
): HttpEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // As API Gateway does: the scheme the client used (always http here).
  headers['x-forwarded-proto'] = 'http';
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] ? `${query[name]},${value}` : value;
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: stringClaims(claims), scopes: [] },
      },
    },
    ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  } as HttpEvent;
}

/** API Gateway hands claims to the function as strings (or numbers), never nested objects. */
function stringClaims(
  claims: Record<string, unknown> | undefined,
): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [name, value] of Object.entries(claims ?? {})) {
    out[name] = typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  }
  return out;
}

function writeResult(response: ServerResponse, result: HttpResult): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}
