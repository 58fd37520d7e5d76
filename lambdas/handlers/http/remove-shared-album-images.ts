import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { removeOwnPhotos } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { sharedAlbumBody } from './member-body.ts';
import { bulkImageIdsBody } from './request-schemas.ts';

/** POST /api/shared-albums/{albumId}/images/remove — a contributor takes out their own photos only. */
export function create(deps: DependenciesOf<'remove-shared-album-images'>) {
  const body = bulkImageIdsBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      ...parseJsonBody(event, body),
    }),
    handle: async ({ albumId, imageIds }, caller) =>
      json(200, sharedAlbumBody(await removeOwnPhotos(deps, caller.id, albumId, imageIds))),
  });
}

export const handler = lambdaRoute('remove-shared-album-images', create, { urls: s3PhotoUrls });
