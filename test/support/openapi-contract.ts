/**
 * Checks real answers against the committed OpenAPI document (docs/openapi.json): the status must be
 * one the operation documents, and a JSON body must match that response's schema. The local app
 * harness runs it on every answer, so every end-to-end test also tests the document. checkRequest does
 * the same for what a client sends (the command-line client's test runs it on every request).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: unknown }[];
  requestBody?: { required?: boolean; content?: { 'application/json'?: { schema: unknown } } };
  responses: Record<string, { content?: { 'application/json'?: { schema: unknown } } }>;
}

const document = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'openapi', components: document.components });

// The most specific first, as API Gateway matches: /api/images/similar before /api/images/{imageId}.
const parameterCount = (template: string) => template.split('{').length - 1;
const templates = Object.keys(document.paths)
  .sort((a, b) => parameterCount(a) - parameterCount(b))
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
const validators = new Map<string, ValidateFunction>();

/**
 * Gateway-level answers: API Gateway (and the local server in its place) gives these before any
 * route runs, for malformed HTTP, oversized headers or an unknown route; no operation documents them.
 */
const GATEWAY_CODES = new Set(['bad_request', 'headers_too_large', 'route_not_found']);

/** Throws with what is wrong when the answer breaks the document; undocumented paths are not checked. */
export function checkAnswer(method: string, path: string, status: number, body: unknown): void {
  const pathname = new URL(path, 'http://localhost').pathname;
  const match = templates.find(
    (candidate) =>
      candidate.pattern.test(pathname) && document.paths[candidate.template]?.[method.toLowerCase()],
  );
  const operation = match && document.paths[match.template]?.[method.toLowerCase()];
  if (!match || !operation) return;
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  if (typeof code === 'string' && GATEWAY_CODES.has(code)) return;
  const response = operation.responses[String(status)];
  const where = `${method} ${match.template} → ${status}`;
  if (!response) {
    throw new Error(`${where} is not in docs/openapi.json (body ${JSON.stringify(body).slice(0, 300)})`);
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return;
  const key = `${method} ${match.template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    // Component references resolve against the document registered above.
    const rewritten = JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'),
    );
    validate = ajv.compile(rewritten);
    validators.set(key, validate);
  }
  if (!validate(body)) {
    throw new Error(
      `${where} does not match docs/openapi.json: ${ajv.errorsText(validate.errors)}\n` +
        `body: ${JSON.stringify(body).slice(0, 500)}`,
    );
  }
}

/** A schema in which every object with listed properties takes no others: a field the document does not name is an error. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, closed(value)]),
  );
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/**
 * Throws with what is wrong when a client's request breaks the document: an operation it does not
 * describe, a path, query or header parameter that does not match its schema, a missing required one,
 * or a JSON body that does not match (including fields the document does not name).
 */
export function checkRequest(
  method: string,
  path: string,
  headers: Record<string, string | undefined>,
  body: unknown,
): void {
  const url = new URL(path, 'http://localhost');
  const match = templates.find(
    (candidate) =>
      candidate.pattern.test(url.pathname) && document.paths[candidate.template]?.[method.toLowerCase()],
  );
  const operation = match && document.paths[match.template]?.[method.toLowerCase()];
  const where = `${method} ${url.pathname}`;
  if (!match || !operation) throw new Error(`${where} is not an operation of docs/openapi.json`);

  const names = [...match.template.matchAll(/\{([^}]+)\}/g)].map((found) => found[1]);
  const values = new RegExp(`^${match.template.replace(/\{[^}]+\}/g, '([^/]+)')}$`).exec(url.pathname) ?? [];
  const pathValues = Object.fromEntries(
    names.map((name, index) => [name, decodeURIComponent(values[index + 1] ?? '')]),
  );
  const problems: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    const value =
      parameter.in === 'path'
        ? pathValues[parameter.name]
        : parameter.in === 'query'
          ? (url.searchParams.get(parameter.name) ?? undefined)
          : headers[parameter.name.toLowerCase()];
    if (value === undefined) {
      if (parameter.required) problems.push(`the ${parameter.in} parameter ${parameter.name} is missing`);
      continue;
    }
    const validate = ajv.compile(rewriteRefs(parameter.schema));
    if (!validate(value)) {
      problems.push(`${parameter.in} parameter ${parameter.name}: ${ajv.errorsText(validate.errors)}`);
    }
  }
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  if (schema === undefined) {
    if (body !== undefined) problems.push('it sends a body the operation does not take');
  } else if (body === undefined) {
    if (operation.requestBody?.required) problems.push('the required JSON body is missing');
  } else {
    if (!headers['content-type']?.startsWith('application/json'))
      problems.push('the body is not sent as JSON');
    const validate = ajv.compile(closed(rewriteRefs(schema)) as object);
    if (!validate(body)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `${where} does not match docs/openapi.json: ${problems.join('; ')}\n` +
        `body: ${JSON.stringify(body)?.slice(0, 500)}`,
    );
  }
}

/** Component references resolve against the document registered above. */
function rewriteRefs(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
}
