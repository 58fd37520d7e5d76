import { createShareLink } from '../../core/use-cases/share-links.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { createShareLinkBody } from './request-schemas.ts';
import { shareUrl } from './shared-album-body.ts';

/** POST /api/albums/{albumId}/links */
export function create(deps: DependenciesOf<'create-share-link'>) {
  const body = createShareLinkBody();
  return userRoute(deps, {
    parse: (event) => ({
      albumId: idParameter(event, 'albumId', 'invalid_album_id'),
      options: parseJsonBody(event, body),
    }),
    handle: async ({ albumId, options }, caller, event) => {
      const { link, token } = await createShareLink(deps, caller.id, albumId, options);
      return json(201, {
        id: link.id,
        createdAt: link.createdAt.toISOString(),
        expiresAt: link.expiresAt.toISOString(),
        allowOriginals: link.allowOriginals,
        url: shareUrl(event, token),
        token,
      });
    },
  });
}

export const handler = lambdaRoute('create-share-link', create);
