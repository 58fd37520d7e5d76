import { trashPhotos } from '../../core/use-cases/trash.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { bulkImageIdsBody } from './request-schemas.ts';
import { trashMoveBody } from './trash-body.ts';

/** POST /api/images/trash — up to MAX_BULK_PHOTOS photos to the Trash, all or none. */
export function create(deps: DependenciesOf<'trash-images'>) {
  const body = bulkImageIdsBody();
  return userRoute(deps, {
    parse: (event) => parseJsonBody(event, body),
    handle: async ({ imageIds }, caller) => {
      const moved = await trashPhotos(deps, caller.id, imageIds);
      return json(200, trashMoveBody(new Set(imageIds).size, moved));
    },
  });
}

export const handler = lambdaRoute('trash-images', create);
