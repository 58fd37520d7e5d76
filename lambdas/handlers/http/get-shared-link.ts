import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { openSharedAlbum } from '../../core/use-cases/share-links.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, publicRoute } from '../middleware/http.ts';
import { SHARED_HEADERS, sharedLinkBody, sharedNotFound, tokenOf } from './shared-album-body.ts';

/** GET /api/shared/{token} — public: the shared album's data, or the one 404. */
export function create(deps: DependenciesOf<'get-shared-link'>) {
  return publicRoute(deps.logger, SHARED_HEADERS, async (event) => {
    const shared = await openSharedAlbum(deps, tokenOf(event));
    return shared ? json(200, sharedLinkBody(shared)) : sharedNotFound();
  });
}

export const handler = lambdaRoute('get-shared-link', create, { urls: s3PhotoUrls });
