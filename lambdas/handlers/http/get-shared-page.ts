import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { openSharedAlbum } from '../../core/use-cases/share-links.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { publicRoute } from '../middleware/http.ts';
import { pageNotFound, pageResult, SHARED_HEADERS, tokenOf } from './shared-album-body.ts';

/** GET /s/{token} — public: the shared album's page, or the one 404 page. */
export function create(deps: DependenciesOf<'get-shared-page'>) {
  return publicRoute(deps.logger, SHARED_HEADERS, async (event) => {
    const shared = await openSharedAlbum(deps, tokenOf(event));
    return shared ? pageResult(shared) : pageNotFound();
  });
}

export const handler = lambdaRoute('get-shared-page', create, { urls: s3PhotoUrls });
