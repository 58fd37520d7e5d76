import * as z from 'zod/mini';
import type { RouteDependencies, WithPhotoUrls } from '../../composition/http.ts';
import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { addPhotoToAlbum } from '../../core/use-cases/edit-albums.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, json, parseJsonBody, uuidParameter } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';

const body = z.strictObject({
  imageId: z.uuid(),
  fromAlbumId: z.optional(z.uuid()),
});

/** POST /api/albums/{albumId}/images — adds a photo at the end, or moves it here from `fromAlbumId`. */
export function create(deps: RouteDependencies & WithPhotoUrls) {
  return httpRoute(deps.logger, async (event) => {
    const albumId = uuidParameter(event, 'albumId', 'invalid_album_id');
    const { imageId, fromAlbumId } = parseJsonBody(event, body);
    const user = await deps.users.ensure(callerSubject(event));
    const album = await addPhotoToAlbum(deps, user.id, {
      albumId,
      imageId: imageId.toLowerCase(),
      fromAlbumId: fromAlbumId?.toLowerCase() ?? null,
    });
    return json(200, albumBody(album));
  });
}

export const handler = lambdaHttpHandler(create, { urls: s3PhotoUrls });
