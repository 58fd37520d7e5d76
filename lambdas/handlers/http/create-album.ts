import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { createAlbum } from '../../core/use-cases/organize-by-hand.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';
import { createAlbumBody } from './request-schemas.ts';

/** POST /api/albums — an album the user makes: empty, or of the photos named, in that order. */
export function create(deps: DependenciesOf<'create-album'>) {
  const body = createAlbumBody();
  return userRoute(deps, {
    parse: (event) => parseJsonBody(event, body),
    handle: async (input, caller) => json(201, albumBody(await createAlbum(deps, caller.id, input))),
  });
}

export const handler = lambdaRoute('create-album', create, { urls: s3PhotoUrls });
