import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { updateAlbum } from '../../core/use-cases/edit-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';
import { updateAlbumBody } from './request-schemas.ts';

/** PATCH /api/albums/{albumId} */
export function create(deps: DependenciesOf<'update-album'>) {
  const schema = updateAlbumBody();
  return userRoute(deps, async (event, caller) => {
    const albumId = idParameter(event, 'albumId', 'invalid_album_id');
    const album = await updateAlbum(deps, caller.id, albumId, parseJsonBody(event, schema));
    return json(200, albumBody(album));
  });
}

export const handler = lambdaRoute('update-album', create, { urls: s3PhotoUrls });
