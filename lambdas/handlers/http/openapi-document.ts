/**
 * The OpenAPI 3.1 document, generated from the route manifest: every route, parameter, request body,
 * response and error code. JSON Schemas come from zod's own converter (draft 2020-12, the dialect
 * OpenAPI 3.1 uses): requests as clients send them (`io: 'input'`), responses as the API writes them.
 * `npm run generate` writes it to docs/openapi.json; GET /api/openapi.json serves it.
 */
import * as z from 'zod/mini';
import { components } from './response-schemas.ts';
import { ERRORS, type ErrorCode, type NamedRoute, type RouteThrottle, routes, THROTTLED } from './routes.ts';

type JsonSchema = Record<string, unknown>;

/** Errors every route can answer, whatever it does. */
const SHARED_ERRORS: readonly ErrorCode[] = ['internal_error'];
/** Errors of every route that reaches a backing service (database, storage, queue). */
const BACKING_SERVICE_ERRORS: readonly ErrorCode[] = ['service_unavailable'];
/** Errors of every route behind the JWT authorizer. */
const AUTHORIZED_ERRORS: readonly ErrorCode[] = ['unauthorized'];
/** Errors of every route that reads a JSON body. */
const BODY_ERRORS: readonly ErrorCode[] = [
  'invalid_json',
  'invalid_request',
  'payload_too_large',
  'unsupported_content_type',
];

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = openApiOperation(route);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Momentarium API',
      version: '1',
      description:
        'Upload a batch of photos; one model call groups them into albums. Every body is JSON (camelCase). ' +
        'Errors share one body: `{ "error": { "code", "message", "details"? } }`; the codes are listed per ' +
        "operation. Another user's job, album, photo or key gets exactly the answer a made-up one gets.",
    },
    servers: [{ url: '/', description: 'The site itself: CloudFront routes /api/* to the API' }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token in AWS; a token from POST /api/local/sessions locally.',
        },
      },
    },
  };
}

/** One route as an OpenAPI operation. */
export function openApiOperation(route: NamedRoute): Record<string, unknown> {
  const request = route.request ?? {};
  const parameters = [
    ...Object.entries(request.params ?? {}).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      schema: toSchema(schema, 'input'),
    })),
    ...objectParameters(request.query, 'query'),
    ...objectParameters(request.headers, 'header'),
  ];
  const codes = [
    ...route.errors,
    ...(request.body ? BODY_ERRORS : request.query ? ['invalid_request' as const] : []),
    ...(route.authorized ? AUTHORIZED_ERRORS : []),
    ...(route.access.length > 0 ? BACKING_SERVICE_ERRORS : []),
    ...SHARED_ERRORS,
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(response.headers).map(([name, description]) => [
                name,
                { description, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
      ...(response.mediaType === 'text/html'
        ? { content: { 'text/html': { schema: { type: 'string' } } } }
        : response.schema
          ? { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } }
          : {}),
    };
  }
  for (const [status, statusCodes] of groupByStatus(codes)) {
    if (responses[status]) continue; // a documented success shape wins (health's 503 is a report)
    responses[status] = {
      description: statusCodes.map((code) => `\`${code}\`: ${ERRORS[code].when}`).join('; '),
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Error' },
              { properties: { error: { properties: { code: { enum: statusCodes } } } } },
            ],
          },
        },
      },
    };
  }
  if (route.throttle) {
    // A route may also answer 429 itself (an `{ error }` such as too_many_invitations): either body then.
    const own = responses[THROTTLED.status] as JsonResponse | undefined;
    const gateway = throttledResponse(route.throttle);
    responses[THROTTLED.status] = own
      ? {
          description: `${own.description}; or ${gateway.description}`,
          content: {
            'application/json': {
              schema: {
                oneOf: [own.content['application/json'].schema, gateway.content['application/json'].schema],
              },
            },
          },
        }
      : gateway;
  }
  return {
    operationId: camelCase(route.name),
    summary: route.summary,
    ...(route.description || route.throttle
      ? {
          description: [route.description, route.throttle && throttleSentence(route.throttle)]
            .filter(Boolean)
            .join(' '),
        }
      : {}),
    ...(route.throttle ? { 'x-throttle': { ...route.throttle } } : {}),
    security: route.authorized ? [{ bearer: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(request.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(request.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

function throttleSentence({ rateLimit, burstLimit }: RouteThrottle): string {
  return (
    `Throttled: ${rateLimit} requests per second for the route as a whole (all callers together), bursts ` +
    `up to ${burstLimit}; past it the answer is 429.`
  );
}

interface JsonResponse {
  description: string;
  content: { 'application/json': { schema: unknown } };
}

/** API Gateway's own throttling answer (the local gateway gives the same): not the API's error shape. */
function throttledResponse({ rateLimit, burstLimit }: RouteThrottle): JsonResponse {
  return {
    description:
      `Too many requests on this route (over ${rateLimit}/s, burst ${burstLimit}): API Gateway's own answer, ` +
      'not the `{ error }` body; wait a second and retry.',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['message'],
          properties: { message: { const: THROTTLED.body.message } },
          additionalProperties: false,
        },
      },
    },
  };
}

function objectParameters(schema: z.ZodMiniObject | undefined, where: 'query' | 'header') {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

function groupByStatus(codes: readonly ErrorCode[]): [string, ErrorCode[]][] {
  const byStatus = new Map<string, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = String(ERRORS[code].status);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return [...byStatus.entries()].sort(([a], [b]) => Number(a) - Number(b));
}

const COMPONENT = '#/components/schemas/';

/** The named response shapes, each once. */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(components, {
    target: 'draft-2020-12',
    io: 'output',
    uri: (id) => `${COMPONENT}${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _dialect, $id: _id, ...schema }]) => [name, schema]),
  );
}

function toSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const named = components.get(schema);
  if (named && io === 'output') return { $ref: `${COMPONENT}${named.id}` };
  const {
    $schema: _dialect,
    $defs: _defs,
    ...json
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    // Named shapes inside become references to the document's components.
    metadata: components,
    // Transforms (a query string read as a number) have no JSON Schema: their input side does.
    unrepresentable: 'any',
  }) as JsonSchema;
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENT}`)) as JsonSchema;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}
