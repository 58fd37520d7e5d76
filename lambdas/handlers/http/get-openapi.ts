import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { httpRoute, json } from '../middleware/http.ts';
import { openApiDocument } from './openapi-document.ts';

/** GET /api/openapi.json — public: the API's own description, generated from the route manifest. */
export function create(deps: DependenciesOf<'get-openapi'>) {
  let document: Record<string, unknown> | undefined;
  return httpRoute(deps.logger, async () => {
    document ??= openApiDocument();
    return json(200, document, { 'cache-control': 'public, max-age=300' });
  });
}

export const handler = lambdaRoute('get-openapi', create);
