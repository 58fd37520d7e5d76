import { s3PhotoStorage } from '../../composition/storage.ts';
import { deletePhotoForGood } from '../../core/use-cases/library.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, noContent, userRoute } from '../middleware/http.ts';

/** DELETE /api/images/{imageId} — the original, the preview, the thumbnail and the record, for good. */
export function create(deps: DependenciesOf<'delete-image'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'imageId', 'invalid_image_id'),
    handle: async (imageId, caller) => {
      await deletePhotoForGood(deps, caller.id, imageId);
      return noContent();
    },
  });
}

export const handler = lambdaRoute('delete-image', create, { storage: s3PhotoStorage });
