/**
 * Checks real answers against the committed OpenAPI document (docs/openapi.json): the status must be
 * one the operation documents, and a JSON body must match that response's schema. The local app
 * harness runs it on every answer, so every end-to-end test also tests the document.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface Operation {
  responses: Record<string, { content?: { 'application/json'?: { schema: unknown } } }>;
}

const document = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'openapi', components: document.components });

const templates = Object.keys(document.paths).map((template) => ({
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
