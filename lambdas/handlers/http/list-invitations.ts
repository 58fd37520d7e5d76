import { listInvitations } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute } from '../middleware/http.ts';
import { invitationBody } from './member-body.ts';

/** GET /api/invitations — invitations waiting for the caller's answer. */
export function create(deps: DependenciesOf<'list-invitations'>) {
  return userRoute(deps, {
    parse: () => undefined,
    handle: async (_, caller) =>
      json(200, { invitations: (await listInvitations(deps, caller.id)).map(invitationBody) }),
  });
}

export const handler = lambdaRoute('list-invitations', create);
