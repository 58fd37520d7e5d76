import { trashPhotos } from '../../core/use-cases/trash.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { trashMoveBody } from './trash-body.ts';

/** DELETE /api/images/{imageId} — moves the photo to the Trash; its files stay until it is purged. */
export function create(deps: DependenciesOf<'delete-image'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'imageId', 'invalid_image_id'),
    handle: async (imageId, caller) =>
      json(200, trashMoveBody(1, await trashPhotos(deps, caller.id, [imageId]))),
  });
}

export const handler = lambdaRoute('delete-image', create);
