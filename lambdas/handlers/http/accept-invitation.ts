import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { acceptInvitation } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { sharedAlbumSummaryBody } from './member-body.ts';

/** POST /api/invitations/{albumId}/accept */
export function create(deps: DependenciesOf<'accept-invitation'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) =>
      json(200, sharedAlbumSummaryBody(await acceptInvitation(deps, caller.id, albumId))),
  });
}

export const handler = lambdaRoute('accept-invitation', create, { urls: s3PhotoUrls });
