import { readAlbumPage } from '../../core/use-cases/album-page.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { albumPageBody } from './album-page-body.ts';

/** GET /api/albums/{albumId}/page */
export function create(deps: DependenciesOf<'get-album-page'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) =>
      json(200, albumPageBody(await readAlbumPage(deps, caller.id, albumId))),
  });
}

export const handler = lambdaRoute('get-album-page', create);
