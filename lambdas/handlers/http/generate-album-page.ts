import { sqsJobQueue } from '../../composition/queue.ts';
import { requestAlbumPageDesign } from '../../core/use-cases/album-page.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, json, userRoute } from '../middleware/http.ts';
import { albumPageBody } from './album-page-body.ts';

/** POST /api/albums/{albumId}/page/generate */
export function create(deps: DependenciesOf<'generate-album-page'>) {
  return userRoute(deps, {
    parse: (event) => idParameter(event, 'albumId', 'invalid_album_id'),
    handle: async (albumId, caller) =>
      json(202, albumPageBody(await requestAlbumPageDesign(deps, caller.id, albumId))),
  });
}

export const handler = lambdaRoute('generate-album-page', create, { queue: sqsJobQueue });
