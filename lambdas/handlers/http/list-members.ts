import { listMembers } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { memberBody } from './member-body.ts';

/** GET /api/albums/{albumId}/members — the owner's list. */
export function create(deps: DependenciesOf<'list-members'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) =>
      json(200, { members: (await listMembers(deps, caller.id, albumId)).map(memberBody) }),
  });
}

export const handler = lambdaRoute('list-members', create);
