import { appLogger } from '../../composition/logging.ts';
import type { Logger } from '../../core/ports.ts';
import { type HttpResult, httpRoute, json } from '../middleware/http.ts';
import { openApiDocument } from './openapi-document.ts';

/**
 * GET /api/openapi.json — public: the API's own description, generated from the route manifest. Its
 * manifest entry declares no access, so it is built from a logger alone: no database, no SDK client.
 */
export function create(deps: { logger: Logger }) {
  // Built and serialized once per container: the document only changes with a deploy.
  let answer: HttpResult | undefined;
  return httpRoute(deps.logger, async () => {
    answer ??= json(200, openApiDocument(), { 'cache-control': 'public, max-age=300' });
    return answer;
  });
}

export const handler = create({ logger: appLogger({ route: 'get-openapi' }) });
