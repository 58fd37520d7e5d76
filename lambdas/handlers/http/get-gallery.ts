import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { ValidationError } from '../../core/errors.ts';
import { getGallery } from '../../core/use-cases/get-gallery.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';
import { galleryUserId } from './request-schemas.ts';

/** GET /api/galleries/{userId} — `me` names the caller. */
export function create(deps: DependenciesOf<'get-gallery'>) {
  const userId = galleryUserId();
  return userRoute(deps, {
    parse: (event) => {
      const requested = userId.safeParse(event.pathParameters?.userId);
      if (!requested.success)
        throw new ValidationError('userId must be a UUID or "me"', { field: 'userId' }, 'invalid_user_id');
      return requested.data;
    },
    handle: async (requested, caller) => {
      const albums = await getGallery(deps, caller.id, requested === 'me' ? caller.id : requested);
      return json(200, { userId: caller.id, albums: albums.map(albumBody) });
    },
  });
}

export const handler = lambdaRoute('get-gallery', create, { urls: s3PhotoUrls });
