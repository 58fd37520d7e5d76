import { restorePhotos } from '../../core/use-cases/trash.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { bulkImageIdsBody } from './request-schemas.ts';

/** POST /api/images/restore — up to MAX_BULK_PHOTOS photos out of the Trash, all or none. */
export function create(deps: DependenciesOf<'restore-images'>) {
  const body = bulkImageIdsBody();
  return userRoute(deps, {
    parse: (event) => parseJsonBody(event, body),
    handle: async ({ imageIds }, caller) => {
      await restorePhotos(deps, caller.id, imageIds);
      return json(200, { restored: new Set(imageIds).size });
    },
  });
}

export const handler = lambdaRoute('restore-images', create);
