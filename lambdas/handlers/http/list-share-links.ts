import { listShareLinks } from '../../core/use-cases/share-links.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { shareLinkBody } from './shared-album-body.ts';

/** GET /api/albums/{albumId}/links */
export function create(deps: DependenciesOf<'list-share-links'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) => {
      const links = await listShareLinks(deps, caller.id, albumId);
      const now = deps.clock.now();
      return json(200, { links: links.map((link) => shareLinkBody(link, now)) });
    },
  });
}

export const handler = lambdaRoute('list-share-links', create);
