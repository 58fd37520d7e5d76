import type { RouteDependencies, WithStorage } from '../../composition/http.ts';
import { s3PhotoStorage } from '../../composition/storage.ts';
import { deletePhotoForGood } from '../../core/use-cases/library.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, noContent, uuidParameter } from '../middleware/http.ts';

/** DELETE /api/images/{imageId} — the original, the preview, the thumbnail and the record, for good. */
export function create(deps: RouteDependencies & WithStorage) {
  return httpRoute(deps.logger, async (event) => {
    const imageId = uuidParameter(event, 'imageId', 'invalid_image_id');
    const user = await deps.users.ensure(callerSubject(event));
    await deletePhotoForGood(deps, user.id, imageId);
    return noContent();
  });
}

export const handler = lambdaHttpHandler(create, { storage: s3PhotoStorage });
