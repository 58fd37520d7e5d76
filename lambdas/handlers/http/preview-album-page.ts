import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { previewSharedAlbum } from '../../core/use-cases/share-links.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, userRoute } from '../middleware/http.ts';
import { pageResult } from './shared-album-body.ts';

/** GET /api/albums/{albumId}/page/preview — the owner's album as its shared page shows it. */
export function create(deps: DependenciesOf<'preview-album-page'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) => pageResult(await previewSharedAlbum(deps, caller.id, albumId)),
  });
}

export const handler = lambdaRoute('preview-album-page', create, { urls: s3PhotoUrls });
