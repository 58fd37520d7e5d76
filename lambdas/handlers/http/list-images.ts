import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { listLibrary } from '../../core/use-cases/library.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute, validate } from '../middleware/http.ts';
import { libraryPhotoBody } from './album-body.ts';
import { listImagesQuery } from './request-schemas.ts';

/** GET /api/images?limit&cursor — the caller's ready photos, newest first, in albums or not. */
export function create(deps: DependenciesOf<'list-images'>) {
  const query = listImagesQuery();
  return userRoute(deps, {
    parse: (event) => validate(query, event.queryStringParameters ?? {}),
    handle: async ({ limit, cursor }, caller) => {
      const page = await listLibrary(deps, caller.id, { limit, cursor: cursor ?? null });
      return json(200, { images: page.photos.map(libraryPhotoBody), nextCursor: page.nextCursor });
    },
  });
}

export const handler = lambdaRoute('list-images', create, { urls: s3PhotoUrls });
