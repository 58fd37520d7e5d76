import { deleteAlbum } from '../../core/use-cases/edit-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';

/** DELETE /api/albums/{albumId} — hides the album until it is restored; the photos stay in the library. */
export function create(deps: DependenciesOf<'delete-album'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) => {
      const { deletedAt, restorableUntil } = await deleteAlbum(deps, caller.id, albumId);
      return json(200, {
        albumId,
        deletedAt: deletedAt.toISOString(),
        restorableUntil: restorableUntil.toISOString(),
      });
    },
  });
}

export const handler = lambdaRoute('delete-album', create);
