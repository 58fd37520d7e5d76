import type { RouteDependencies } from '../../composition/http.ts';
import { removePhotoFromAlbum } from '../../core/use-cases/edit-albums.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, noContent, uuidParameter } from '../middleware/http.ts';

/** DELETE /api/albums/{albumId}/images/{imageId} — the photo stays in the library. */
export function create(deps: RouteDependencies) {
  return httpRoute(deps.logger, async (event) => {
    const albumId = uuidParameter(event, 'albumId', 'invalid_album_id');
    const imageId = uuidParameter(event, 'imageId', 'invalid_image_id');
    const user = await deps.users.ensure(callerSubject(event));
    await removePhotoFromAlbum(deps, user.id, albumId, imageId);
    return noContent();
  });
}

export const handler = lambdaHttpHandler(create);
