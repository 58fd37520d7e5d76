import { getSettings } from '../../core/use-cases/settings.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute } from '../middleware/http.ts';

/** GET /api/settings */
export function create(deps: DependenciesOf<'get-settings'>) {
  return userRoute(deps, {
    parse: () => undefined,
    handle: async (_, caller) => json(200, await getSettings(deps, caller.id)),
  });
}

export const handler = lambdaRoute('get-settings', create);
