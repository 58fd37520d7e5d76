/**
 * Everything HTTP handlers share: one error mapping, JSON in and out, identity from the JWT claims
 * that API Gateway's authorizer (or the local server, in its place) puts on the event.
 */
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { AppError, ServiceUnavailableError, UnauthorizedError, ValidationError } from '../../core/errors.ts';
import { parseId } from '../../core/ids.ts';
import type { User } from '../../core/model.ts';
import type { Logger, UserRepository } from '../../core/ports.ts';
import '../../validation.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export const MAX_BODY_BYTES = 256 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** An HTML page: only the shared album page and its preview answer with one. */
export function html(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body,
  };
}

/** 204: the change is done and there is nothing to say (API Gateway sends no body). */
export function noContent(): HttpResult {
  return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
}

/**
 * A path parameter that must be an id; parsed by the core's one definition (lower-cased). `label`
 * names it in the message when the parameter's name says too little (`id` → "job id").
 */
export function idParameter(event: HttpEvent, name: string, code: string, label = name): string {
  const id = parseId(event.pathParameters?.[name]);
  if (id === null) throw new ValidationError(`${label} must be a UUID`, { field: name }, code);
  return id;
}

/** Wraps a public route: middleware first, handler last. Only the error mapping lives here. */
export function httpRoute(logger: Logger, handle: HttpHandler) {
  return middy<HttpEvent, HttpResult>()
    .use(errorResponses(logger))
    .handler((event, context) => handle(event, context));
}

/**
 * Wraps a public route whose every answer — success, 404 or error — carries `headers` (the shared
 * album page's noindex, no-referrer and no-store).
 */
export function publicRoute(logger: Logger, headers: Record<string, string>, handle: HttpHandler) {
  const withHeaders = (request: { response: HttpResult | null | undefined }) => {
    if (request.response) request.response.headers = { ...request.response.headers, ...headers };
  };
  // Registered first, so its after and onError run last: over the error mapping's answer too.
  return middy<HttpEvent, HttpResult>()
    .use({ after: withHeaders, onError: withHeaders })
    .use(errorResponses(logger))
    .handler((event, context) => handle(event, context));
}

/** What a signed-in route's middleware leaves for its handler: the parsed input and the caller. */
type RouteContext<I> = Context & { input: I; caller: User };

interface UserRouteSteps<I> {
  /** Reads and validates the request (path, query, body); throws a ValidationError on bad input. */
  parse(event: HttpEvent): I;
  /** Runs the use case for the caller with the parsed input. */
  handle(input: I, caller: User, event: HttpEvent): Promise<HttpResult>;
}

/**
 * Wraps a route behind the JWT authorizer. Middleware first, handler last: errors mapped; then the
 * request parsed and validated, before anything touches the database (bad input is a 400 even while
 * the database is down, and never creates a user); then the caller resolved from the token's subject,
 * once (the user is created the first time it is seen); then the handler.
 */
export function userRoute<I>(
  deps: { logger: Logger; users: UserRepository },
  steps: UserRouteSteps<I>,
): HttpHandler {
  const route = middy<HttpEvent, HttpResult, Error, RouteContext<I>>()
    .use(errorResponses(deps.logger))
    .use(parseThenResolveCaller(steps.parse, deps.users))
    .handler((event, context) => steps.handle(context.input, context.caller, event));
  // Lambda passes a plain Context; the middleware adds `input` and `caller` before the handler runs.
  return route as unknown as HttpHandler;
}

function parseThenResolveCaller<I>(
  parse: (event: HttpEvent) => I,
  users: UserRepository,
): middy.MiddlewareObj<HttpEvent, HttpResult, Error, RouteContext<I>> {
  return {
    before: async (request) => {
      request.context.input = parse(request.event);
      request.context.caller = await users.ensure(callerSubject(request.event), callerName(request.event));
    },
  };
}

/**
 * Errors below 500 (and deliberate 503s) are shown to the client as they are; anything else becomes
 * a generic 500 whose details stay in the logs.
 */
function errorResponses<C extends Context>(
  logger: Logger,
): middy.MiddlewareObj<HttpEvent, HttpResult, Error, C> {
  return {
    onError: (request) => {
      const error = classify(request.error);
      const requestId = request.context?.awsRequestId;
      if (error.status >= 500) {
        logger.error('request failed', {
          requestId,
          route: request.event.routeKey,
          code: error.code,
          error: describe(request.error),
        });
      }
      const exposed = error.status < 500 || error instanceof ServiceUnavailableError;
      request.response = json(error.status, {
        error: exposed
          ? { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) }
          : { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.' },
      });
    },
  };
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

function classify(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : '';
  if (
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    /timeout exceeded when trying to connect/i.test(message)
  ) {
    return new ServiceUnavailableError('A backing service is unavailable; try again shortly', error);
  }
  return new AppError('internal_error', 'internal error', { status: 500, cause: error });
}

function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    cause: error.cause ? describe(error.cause) : undefined,
  };
}

/** The identity-provider subject of the caller. API Gateway has verified the token already. */
function callerSubject(event: HttpEvent): string {
  const sub = event.requestContext?.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) throw new UnauthorizedError();
  return sub;
}

/**
 * What other users see of the caller ("Shared by alice"): the token's email address (a Cognito ID
 * token), else its `username` (the local sign-in's name) — unless that is only an id: a pool that signs
 * in by email gives its users generated usernames (the `sub`), and Cognito's access tokens carry no
 * email, so such a user is named by the directory when invited (the email typed) or not at all.
 */
function callerName(event: HttpEvent): string | null {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const usable = (name: unknown): name is string =>
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= 256 &&
    name !== claims.sub &&
    parseId(name) === null;
  if (usable(claims.email)) return claims.email;
  return usable(claims.username) ? claims.username : null;
}

/** Parses and validates a JSON body; the error names every field that is wrong. */
export function parseJsonBody<T extends z.ZodMiniType>(event: HttpEvent, schema: T): z.output<T> {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new AppError('payload_too_large', `the body is larger than ${MAX_BODY_BYTES} bytes`, {
      status: 413,
    });
  }
  const contentType = headerValue(event, 'content-type');
  if (contentType && !/^application\/json\b/i.test(contentType)) {
    throw new AppError('unsupported_content_type', 'the body must be application/json', { status: 415 });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('the body is not valid JSON', undefined, 'invalid_json');
  }
  return validate(schema, value);
}

export function validate<T extends z.ZodMiniType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 20).map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    problem: issue.message,
  }));
  const first = issues[0];
  const message = first ? `${first.field}: ${first.problem}` : 'invalid request';
  // A list longer than a route allows is a limit the caller can act on (send it in parts): it gets its
  // own code, with the limit, so clients need not read the message to know what to do.
  const firstIssue = parsed.error.issues[0];
  if (firstIssue?.code === 'too_big' && firstIssue.origin === 'array') {
    throw new ValidationError(
      message,
      { field: first?.field, limit: Number(firstIssue.maximum), issues },
      'too_many_items',
    );
  }
  throw new ValidationError(message, { issues });
}

export function headerValue(event: HttpEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
