import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { mergeAlbums } from '../../core/use-cases/organize-by-hand.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';
import { mergeAlbumsBody } from './request-schemas.ts';

/** POST /api/albums/{albumId}/merge — folds `albumIds` into this album; they are deleted (restorable). */
export function create(deps: DependenciesOf<'merge-albums'>) {
  const body = mergeAlbumsBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      ...parseJsonBody(event, body),
    }),
    handle: async ({ albumId, albumIds }, caller) =>
      json(200, albumBody(await mergeAlbums(deps, caller.id, albumId, albumIds))),
  });
}

export const handler = lambdaRoute('merge-albums', create, { urls: s3PhotoUrls });
