import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { restoreAlbum } from '../../core/use-cases/edit-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';

/** POST /api/albums/{albumId}/restore — undoes deleting the album: back with its photos and order. */
export function create(deps: DependenciesOf<'restore-album'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) => json(200, albumBody(await restoreAlbum(deps, caller.id, albumId))),
  });
}

export const handler = lambdaRoute('restore-album', create, { urls: s3PhotoUrls });
