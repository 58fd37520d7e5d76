import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { listPeople } from '../../core/use-cases/people.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute } from '../middleware/http.ts';

/** GET /api/people */
export function create(deps: DependenciesOf<'list-people'>) {
  return userRoute(deps, {
    parse: () => undefined,
    handle: async (_, caller) => json(200, await listPeople(deps, caller.id)),
  });
}

export const handler = lambdaRoute('list-people', create, { urls: s3PhotoUrls });
