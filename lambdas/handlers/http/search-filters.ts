import { searchFilterChoices } from '../../core/use-cases/search.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute } from '../middleware/http.ts';

/** GET /api/search/filters — what the caller's library holds to filter a search by. */
export function create(deps: DependenciesOf<'search-filters'>) {
  return userRoute(deps, {
    parse: () => null,
    handle: async (_input, caller) => json(200, await searchFilterChoices(deps, caller.id)),
  });
}

export const handler = lambdaRoute('search-filters', create);
