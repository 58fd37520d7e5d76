import * as z from 'zod/mini';
import type { RouteDependencies, WithPhotoUrls } from '../../composition/http.ts';
import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { DEFAULT_LIBRARY_PAGE, listLibrary, MAX_LIBRARY_PAGE } from '../../core/use-cases/library.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, json, validate } from '../middleware/http.ts';
import { libraryPhotoBody } from './album-body.ts';

const query = z.object({
  limit: z._default(
    z.pipe(
      z.string().check(z.regex(/^\d{1,4}$/, 'must be a whole number')),
      z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(MAX_LIBRARY_PAGE))),
    ),
    DEFAULT_LIBRARY_PAGE,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

/** GET /api/images?limit&cursor — the caller's ready photos, newest first, in albums or not. */
export function create(deps: RouteDependencies & WithPhotoUrls) {
  return httpRoute(deps.logger, async (event) => {
    const { limit, cursor } = validate(query, event.queryStringParameters ?? {});
    const user = await deps.users.ensure(callerSubject(event));
    const page = await listLibrary(deps, user.id, { limit, cursor: cursor ?? null });
    return json(200, { images: page.photos.map(libraryPhotoBody), nextCursor: page.nextCursor });
  });
}

export const handler = lambdaHttpHandler(create, { urls: s3PhotoUrls });
