import { z } from 'zod';
import type { HttpDependencies } from '../../composition/http.ts';
import { DEFAULT_LIBRARY_PAGE, listLibrary, MAX_LIBRARY_PAGE } from '../../core/use-cases/library.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, json, validate } from '../middleware/http.ts';
import { libraryPhotoBody } from './album-body.ts';

const query = z.object({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_LIBRARY_PAGE))
    .default(DEFAULT_LIBRARY_PAGE),
  cursor: z.string().min(1).max(200).optional(),
});

/** GET /api/images?limit&cursor — the caller's ready photos, newest first, in albums or not. */
export function create(deps: HttpDependencies) {
  return httpRoute(deps.logger, async (event) => {
    const { limit, cursor } = validate(query, event.queryStringParameters ?? {});
    const user = await deps.users.ensure(callerSubject(event));
    const page = await listLibrary(deps, user.id, { limit, cursor: cursor ?? null });
    return json(200, { images: page.photos.map(libraryPhotoBody), nextCursor: page.nextCursor });
  });
}

export const handler = lambdaHttpHandler(create);
