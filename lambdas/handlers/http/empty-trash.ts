import { s3PhotoStorage } from '../../composition/storage.ts';
import { emptyTrash } from '../../core/use-cases/trash.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute } from '../middleware/http.ts';

/** DELETE /api/trash — deletes the caller's trashed photos for good, files first, a bounded number per call. */
export function create(deps: DependenciesOf<'empty-trash'>) {
  return userRoute(deps, {
    parse: () => undefined,
    handle: async (_input, caller) => json(200, await emptyTrash(deps, caller.id)),
  });
}

export const handler = lambdaRoute('empty-trash', create, { storage: s3PhotoStorage });
