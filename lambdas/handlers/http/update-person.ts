import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { updatePerson } from '../../core/use-cases/people.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { updatePersonBody } from './request-schemas.ts';

/** PATCH /api/people/{personId} */
export function create(deps: DependenciesOf<'update-person'>) {
  const body = updatePersonBody();
  return userRoute(deps, {
    parse: (event) => ({
      personId: idParameter(event, 'personId', 'invalid_person_id'),
      changes: parseJsonBody(event, body),
    }),
    handle: async ({ personId, changes }, caller) =>
      json(200, await updatePerson(deps, caller.id, personId, changes)),
  });
}

export const handler = lambdaRoute('update-person', create, { urls: s3PhotoUrls });
