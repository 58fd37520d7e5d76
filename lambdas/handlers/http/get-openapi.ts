import { appLogger } from '../../composition/logging.ts';
import type { Logger } from '../../core/ports.ts';
import { httpRoute, json } from '../middleware/http.ts';
import { openApiDocument } from './openapi-document.ts';

/**
 * GET /api/openapi.json — public: the API's own description, generated from the route manifest. Its
 * manifest entry declares no access, so it is built from a logger alone: no database, no SDK client.
 */
export function create(deps: { logger: Logger }) {
  let document: Record<string, unknown> | undefined;
  return httpRoute(deps.logger, async () => {
    document ??= openApiDocument();
    return json(200, document, { 'cache-control': 'public, max-age=300' });
  });
}

export const handler = create({ logger: appLogger({ route: 'get-openapi' }) });
