import type { RouteDependencies } from '../../composition/http.ts';
import { deleteAlbum } from '../../core/use-cases/edit-albums.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, noContent, uuidParameter } from '../middleware/http.ts';

/** DELETE /api/albums/{albumId} — the photos stay in the library. */
export function create(deps: RouteDependencies) {
  return httpRoute(deps.logger, async (event) => {
    const albumId = uuidParameter(event, 'albumId', 'invalid_album_id');
    const user = await deps.users.ensure(callerSubject(event));
    await deleteAlbum(deps, user.id, albumId);
    return noContent();
  });
}

export const handler = lambdaHttpHandler(create);
