import { editAlbumPage } from '../../core/use-cases/album-page.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { albumPageBody } from './album-page-body.ts';
import { updateAlbumPageBody } from './request-schemas.ts';

/** PATCH /api/albums/{albumId}/page */
export function create(deps: DependenciesOf<'update-album-page'>) {
  const body = updateAlbumPageBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      edits: parseJsonBody(event, body),
    }),
    handle: async ({ albumId, edits }, caller) =>
      json(200, albumPageBody(await editAlbumPage(deps, caller.id, albumId, edits))),
  });
}

export const handler = lambdaRoute('update-album-page', create);
