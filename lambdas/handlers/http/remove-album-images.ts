import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { removePhotosFromAlbum } from '../../core/use-cases/organize-by-hand.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';
import { removeAlbumImagesBody } from './request-schemas.ts';

/** POST /api/albums/{albumId}/images/remove — many photos out of the album; they stay in the library. */
export function create(deps: DependenciesOf<'remove-album-images'>) {
  const body = removeAlbumImagesBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      ...parseJsonBody(event, body),
    }),
    handle: async ({ albumId, imageIds }, caller) =>
      json(200, albumBody(await removePhotosFromAlbum(deps, caller.id, albumId, imageIds))),
  });
}

export const handler = lambdaRoute('remove-album-images', create, { urls: s3PhotoUrls });
