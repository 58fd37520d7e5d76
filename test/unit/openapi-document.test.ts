/** The API's description: generated from the route manifest, valid OpenAPI 3.1, and committed fresh. */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument, openApiOperation } from '../../lambdas/handlers/http/openapi-document.ts';
import { ERRORS, type NamedRoute, routes, THROTTLED } from '../../lambdas/handlers/http/routes.ts';
import { renderOpenApi } from '../../scripts/openapi.ts';

const document = openApiDocument() as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { description: string }>; security: unknown[] }>
  >;
};

describe('docs/openapi.json', () => {
  test('is exactly what the route manifest generates (run `npm run generate` and commit it)', () => {
    const committed = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderOpenApi());
  });

  test('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  test('documents every route of the manifest, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  test('documents ids as the server reads them: any case, any UUID version', () => {
    const operation = document.paths['/api/jobs/{id}/status']?.get as unknown as {
      parameters: { name: string; schema: { pattern: string } }[];
    };
    const pattern = new RegExp(
      operation.parameters.find((parameter) => parameter.name === 'id')?.schema.pattern ?? '',
    );
    for (const id of [
      '0b6f3c1e-9a2d-4e5f-8a7b-1c2d3e4f5a6b',
      '0B6F3C1E-9A2D-4E5F-8A7B-1C2D3E4F5A6B',
      '12345678-1234-0234-0234-123456789012',
    ]) {
      expect([id, pattern.test(id)]).toEqual([id, true]);
    }
    expect(pattern.test('0b6f3c1e-9a2d-4e5f-8a7b-1c2d3e4f5a6')).toBe(false);
  });

  test('names every error code a route declares under its status, plus the shared ones', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      for (const code of route.errors) {
        const response = operation?.responses[String(ERRORS[code].status)];
        expect([route.name, code, response?.description.includes(`\`${code}\``)]).toEqual([
          route.name,
          code,
          true,
        ]);
      }
      expect(operation?.responses['500']?.description).toContain('`internal_error`');
      expect([route.name, Boolean(operation?.responses['401'])]).toEqual([route.name, route.authorized]);
      expect([route.name, operation?.security.length]).toEqual([route.name, route.authorized ? 1 : 0]);
    }
  });

  test('a throttled route states its limit and documents the gateway’s 429 body; others have no 429', () => {
    const health = routes.find((route) => route.name === 'health') as NamedRoute;
    const throttled = openApiOperation({ ...health, throttle: { rateLimit: 7, burstLimit: 13 } }) as any;
    expect(throttled['x-throttle']).toEqual({ rateLimit: 7, burstLimit: 13 });
    expect(throttled.description).toMatch(/Throttled: 7 requests per second .* bursts up to 13/);
    const schema = throttled.responses['429'].content['application/json'].schema;
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validate(schema, THROTTLED.body)).toBe(true);
    expect(ajv.validate(schema, { error: { code: 'too_many_requests', message: 'x' } })).toBe(false);
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as any;
      // A 429 is the gateway's throttling, or a limit the route itself answers (too_many_invitations).
      const answers429 = route.errors.some((code) => ERRORS[code].status === 429);
      expect([route.name, Boolean(operation?.responses['429'])]).toEqual([
        route.name,
        Boolean(route.throttle) || answers429,
      ]);
      expect([route.name, operation?.['x-throttle']]).toEqual([route.name, route.throttle]);
    }
  });
});
