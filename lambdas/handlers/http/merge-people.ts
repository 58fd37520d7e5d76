import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { mergePeople } from '../../core/use-cases/people.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { mergePeopleBody } from './request-schemas.ts';

/** POST /api/people/{personId}/merge — folds this person into `into`, who is kept. */
export function create(deps: DependenciesOf<'merge-people'>) {
  const body = mergePeopleBody();
  return userRoute(deps, {
    parse: (event) => ({
      personId: idParameter(event, 'personId', 'invalid_person_id'),
      ...parseJsonBody(event, body),
    }),
    handle: async ({ personId, into }, caller) =>
      json(200, await mergePeople(deps, caller.id, personId, into)),
  });
}

export const handler = lambdaRoute('merge-people', create, { urls: s3PhotoUrls });
