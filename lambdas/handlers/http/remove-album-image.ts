import { removePhotoFromAlbum } from '../../core/use-cases/edit-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, noContent, userRoute } from '../middleware/http.ts';

/** DELETE /api/albums/{albumId}/images/{imageId} — the photo stays in the library. */
export function create(deps: DependenciesOf<'remove-album-image'>) {
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      imageId: idParameter(event, 'imageId', 'invalid_image_id'),
    }),
    handle: async ({ albumId, imageId }, caller) => {
      await removePhotoFromAlbum(deps, caller.id, albumId, imageId);
      return noContent();
    },
  });
}

export const handler = lambdaRoute('remove-album-image', create);
