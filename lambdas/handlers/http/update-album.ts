import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { updateAlbum } from '../../core/use-cases/edit-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';
import { updateAlbumBody } from './request-schemas.ts';

/** PATCH /api/albums/{albumId} */
export function create(deps: DependenciesOf<'update-album'>) {
  const body = updateAlbumBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      changes: parseJsonBody(event, body),
    }),
    handle: async ({ albumId, changes }, caller) =>
      json(200, albumBody(await updateAlbum(deps, caller.id, albumId, changes))),
  });
}

export const handler = lambdaRoute('update-album', create, { urls: s3PhotoUrls });
