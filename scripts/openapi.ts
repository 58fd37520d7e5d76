/**
 * `npm run generate:openapi`: writes docs/openapi.json from the route manifest, the same document
 * GET /api/openapi.json serves. test/unit/openapi-document.test.ts fails when the committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import { openApiDocument } from '../lambdas/handlers/http/openapi-document.ts';

export const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);

/** The committed file's text: the document, two-space indented, with a final newline. */
export function renderOpenApi(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(OPENAPI_FILE, renderOpenApi());
  console.log('wrote docs/openapi.json');
}
