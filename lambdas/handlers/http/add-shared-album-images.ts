import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { addOwnPhotos } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { sharedAlbumBody } from './member-body.ts';
import { bulkImageIdsBody } from './request-schemas.ts';

/** POST /api/shared-albums/{albumId}/images — a contributor adds their own photos. */
export function create(deps: DependenciesOf<'add-shared-album-images'>) {
  const body = bulkImageIdsBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      ...parseJsonBody(event, body),
    }),
    handle: async ({ albumId, imageIds }, caller) =>
      json(200, sharedAlbumBody(await addOwnPhotos(deps, caller.id, albumId, imageIds))),
  });
}

export const handler = lambdaRoute('add-shared-album-images', create, { urls: s3PhotoUrls });
