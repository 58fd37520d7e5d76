import { revokeShareLink } from '../../core/use-cases/share-links.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, noContent, userRoute } from '../middleware/http.ts';

/** DELETE /api/albums/{albumId}/links/{linkId} */
export function create(deps: DependenciesOf<'revoke-share-link'>) {
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      linkId: idParameter(event, 'linkId', 'invalid_link_id', 'link id'),
    }),
    handle: async ({ albumId, linkId }, caller) => {
      await revokeShareLink(deps, caller.id, albumId, linkId);
      return noContent();
    },
  });
}

export const handler = lambdaRoute('revoke-share-link', create);
