import { deleteAlbum } from '../../core/use-cases/edit-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, noContent, userRoute } from '../middleware/http.ts';

/** DELETE /api/albums/{albumId} — the photos stay in the library. */
export function create(deps: DependenciesOf<'delete-album'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) => {
      await deleteAlbum(deps, caller.id, albumId);
      return noContent();
    },
  });
}

export const handler = lambdaRoute('delete-album', create);
