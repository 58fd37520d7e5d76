import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { addPhotoToAlbum } from '../../core/use-cases/edit-albums.ts';
import { addPhotosToAlbum } from '../../core/use-cases/organize-by-hand.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';
import { addAlbumImageBody } from './request-schemas.ts';

/**
 * POST /api/albums/{albumId}/images — `imageId`: adds one photo at the end (moving it to the end when
 * it is there already); `imageIds`: adds many, leaving those already there in place. Either form moves
 * the photos here from `fromAlbumId`.
 */
export function create(deps: DependenciesOf<'add-album-image'>) {
  const body = addAlbumImageBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      ...parseJsonBody(event, body),
    }),
    handle: async ({ albumId, imageId, imageIds, fromAlbumId }, caller) => {
      const album =
        imageIds === undefined
          ? await addPhotoToAlbum(deps, caller.id, {
              albumId,
              imageId: imageId as string,
              fromAlbumId: fromAlbumId ?? null,
            })
          : await addPhotosToAlbum(deps, caller.id, { albumId, imageIds, fromAlbumId: fromAlbumId ?? null });
      return json(200, albumBody(album));
    },
  });
}

export const handler = lambdaRoute('add-album-image', create, { urls: s3PhotoUrls });
