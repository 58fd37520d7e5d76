import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { listSharedAlbums } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute } from '../middleware/http.ts';
import { sharedAlbumSummaryBody } from './member-body.ts';

/** GET /api/shared-albums — "Shared with me". */
export function create(deps: DependenciesOf<'list-shared-albums'>) {
  return userRoute(deps, {
    parse: () => undefined,
    handle: async (_, caller) =>
      json(200, { albums: (await listSharedAlbums(deps, caller.id)).map(sharedAlbumSummaryBody) }),
  });
}

export const handler = lambdaRoute('list-shared-albums', create, { urls: s3PhotoUrls });
