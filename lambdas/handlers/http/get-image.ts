import { getPhotoInfo } from '../../core/use-cases/photo-info.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { photoInfoBody } from './photo-info-body.ts';

/** GET /api/images/{imageId} — one photo of the caller's, with what the info panel shows. */
export function create(deps: DependenciesOf<'get-image'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'imageId', 'invalid_image_id'),
    handle: async (imageId, caller) => json(200, photoInfoBody(await getPhotoInfo(deps, caller.id, imageId))),
  });
}

export const handler = lambdaRoute('get-image', create);
