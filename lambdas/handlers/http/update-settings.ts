import { updateSettings } from '../../core/use-cases/settings.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { updateSettingsBody } from './request-schemas.ts';

/** PATCH /api/settings */
export function create(deps: DependenciesOf<'update-settings'>) {
  const body = updateSettingsBody();
  return userRoute(deps, {
    parse: (event) => parseJsonBody(event, body),
    handle: async (changes, caller) => json(200, await updateSettings(deps, caller.id, changes)),
  });
}

export const handler = lambdaRoute('update-settings', create);
