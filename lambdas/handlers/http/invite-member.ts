import { userDirectory } from '../../composition/directory.ts';
import { inviteMember } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { memberBody } from './member-body.ts';
import { inviteMemberBody } from './request-schemas.ts';

/** POST /api/albums/{albumId}/members — the owner invites someone by username (locally) or email (AWS). */
export function create(deps: DependenciesOf<'invite-member'>) {
  const body = inviteMemberBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      ...parseJsonBody(event, body),
    }),
    handle: async ({ albumId, handle, role }, caller) =>
      json(201, memberBody(await inviteMember(deps, caller.id, albumId, { handle, role }))),
  });
}

export const handler = lambdaRoute('invite-member', create, { directory: userDirectory });
