import { declineInvitation } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, noContent, userRoute } from '../middleware/http.ts';

/** POST /api/invitations/{albumId}/decline */
export function create(deps: DependenciesOf<'decline-invitation'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) => {
      await declineInvitation(deps, caller.id, albumId);
      return noContent();
    },
  });
}

export const handler = lambdaRoute('decline-invitation', create);
