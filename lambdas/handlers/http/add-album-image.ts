import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { addPhotoToAlbum } from '../../core/use-cases/edit-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';
import { addAlbumImageBody } from './request-schemas.ts';

/** POST /api/albums/{albumId}/images — adds a photo at the end, or moves it here from `fromAlbumId`. */
export function create(deps: DependenciesOf<'add-album-image'>) {
  const body = addAlbumImageBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      ...parseJsonBody(event, body),
    }),
    handle: async ({ albumId, imageId, fromAlbumId }, caller) => {
      const album = await addPhotoToAlbum(deps, caller.id, {
        albumId,
        imageId,
        fromAlbumId: fromAlbumId ?? null,
      });
      return json(200, albumBody(album));
    },
  });
}

export const handler = lambdaRoute('add-album-image', create, { urls: s3PhotoUrls });
