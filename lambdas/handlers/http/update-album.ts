import * as z from 'zod/mini';
import type { RouteDependencies, WithPhotoUrls } from '../../composition/http.ts';
import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import {
  MAX_ALBUM_DESCRIPTION_LENGTH,
  MAX_ALBUM_TITLE_LENGTH,
  updateAlbum,
} from '../../core/use-cases/edit-albums.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, json, parseJsonBody, uuidParameter } from '../middleware/http.ts';
import { albumBody } from './album-body.ts';

const body = z
  .strictObject({
    title: z.optional(
      z
        .string()
        .check(
          z.trim(),
          z.minLength(1, 'must not be empty'),
          z.maxLength(MAX_ALBUM_TITLE_LENGTH),
          z.regex(/^[^\p{Cc}]*$/u, 'must be one line without control characters'),
        ),
    ),
    themeDescription: z.optional(
      z.string().check(
        z.trim(),
        z.maxLength(MAX_ALBUM_DESCRIPTION_LENGTH),
        // Line breaks and tabs are text; a NUL or other control character is not (and PostgreSQL
        // cannot store a NUL at all).
        z.regex(/^(?:[^\p{Cc}]|[\n\r\t])*$/u, 'must not contain control characters other than line breaks'),
      ),
    ),
    coverImageId: z.optional(z.uuid()),
  })
  .check(
    z.refine((changes) => Object.keys(changes).length > 0, {
      message: 'give at least one of title, themeDescription, coverImageId',
    }),
  );

/** PATCH /api/albums/{albumId} */
export function create(deps: RouteDependencies & WithPhotoUrls) {
  return httpRoute(deps.logger, async (event) => {
    const albumId = uuidParameter(event, 'albumId', 'invalid_album_id');
    const { coverImageId, ...changes } = parseJsonBody(event, body);
    const user = await deps.users.ensure(callerSubject(event));
    const album = await updateAlbum(deps, user.id, albumId, {
      ...changes,
      ...(coverImageId ? { coverImageId: coverImageId.toLowerCase() } : {}),
    });
    return json(200, albumBody(album));
  });
}

export const handler = lambdaHttpHandler(create, { urls: s3PhotoUrls });
