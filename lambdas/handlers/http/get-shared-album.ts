import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { getSharedAlbum } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { sharedAlbumBody } from './member-body.ts';

/** GET /api/shared-albums/{albumId} — an album shared with the caller. */
export function create(deps: DependenciesOf<'get-shared-album'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) =>
      json(200, sharedAlbumBody(await getSharedAlbum(deps, caller.id, albumId))),
  });
}

export const handler = lambdaRoute('get-shared-album', create, { urls: s3PhotoUrls });
