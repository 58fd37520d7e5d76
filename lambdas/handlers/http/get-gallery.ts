import * as z from 'zod/mini';
import type { RouteDependencies, WithPhotoUrls } from '../../composition/http.ts';
import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { ValidationError } from '../../core/errors.ts';
import { getGallery } from '../../core/use-cases/get-gallery.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, json } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';

const userId = z.union([z.literal('me'), z.uuid()]);

/** GET /api/galleries/{userId} — `me` names the caller. */
export function create(deps: RouteDependencies & WithPhotoUrls) {
  return httpRoute(deps.logger, async (event) => {
    const requested = userId.safeParse(event.pathParameters?.userId);
    if (!requested.success)
      throw new ValidationError('userId must be a UUID or "me"', { field: 'userId' }, 'invalid_user_id');
    const user = await deps.users.ensure(callerSubject(event));
    const target = requested.data === 'me' ? user.id : requested.data.toLowerCase();
    const albums = await getGallery(deps, user.id, target);
    return json(200, {
      userId: user.id,
      albums: albums.map(albumBody),
    });
  });
}

export const handler = lambdaHttpHandler(create, { urls: s3PhotoUrls });
