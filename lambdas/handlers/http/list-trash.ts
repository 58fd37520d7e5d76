import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { listTrash } from '../../core/use-cases/trash.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute, validate } from '../middleware/http.ts';
import { listImagesQuery } from './request-schemas.ts';
import { trashedPhotoBody } from './trash-body.ts';

/** GET /api/trash?limit&cursor — the caller's trashed photos, most recently trashed first. */
export function create(deps: DependenciesOf<'list-trash'>) {
  const query = listImagesQuery();
  return userRoute(deps, {
    parse: (event) => validate(query, event.queryStringParameters ?? {}),
    handle: async ({ limit, cursor }, caller) => {
      const page = await listTrash(deps, caller.id, { limit, cursor: cursor ?? null });
      return json(200, { images: page.photos.map(trashedPhotoBody), nextCursor: page.nextCursor });
    },
  });
}

export const handler = lambdaRoute('list-trash', create, { urls: s3PhotoUrls });
