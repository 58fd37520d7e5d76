import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { listLibrary } from '../../core/use-cases/library.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute, validate } from '../middleware/http.ts';
import { libraryPhotoBody } from './album-body.ts';
import { libraryQuery } from './request-schemas.ts';

/** GET /api/images?limit&cursor&before — the caller's ready photos, newest taken first, in albums or not. */
export function create(deps: DependenciesOf<'list-images'>) {
  const query = libraryQuery();
  return userRoute(deps, {
    parse: (event) => validate(query, event.queryStringParameters ?? {}),
    handle: async ({ limit, cursor, before }, caller) => {
      const page = await listLibrary(deps, caller.id, {
        limit,
        cursor: cursor ?? null,
        before: before ?? null,
      });
      return json(200, {
        images: page.photos.map(libraryPhotoBody),
        nextCursor: page.nextCursor,
        ...(page.months ? { months: page.months } : {}),
        stacks: page.stacks,
      });
    },
  });
}

export const handler = lambdaRoute('list-images', create, { urls: s3PhotoUrls });
