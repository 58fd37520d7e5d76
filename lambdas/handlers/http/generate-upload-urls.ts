import * as z from 'zod/mini';
import type { RouteDependencies, WithPhotoUrls } from '../../composition/http.ts';
import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { MAX_FILE_BYTES, MAX_FILENAME_LENGTH, MAX_FILES_PER_REQUEST } from '../../core/upload-policy.ts';
import { requestUploadUrls } from '../../core/use-cases/request-upload-urls.ts';
import { lambdaHttpHandler } from '../lambda-entry.ts';
import { callerSubject, httpRoute, json, parseJsonBody } from '../middleware/http.ts';

const body = z.object({
  files: z
    .array(
      z.object({
        name: z
          .string()
          .check(
            z.trim(),
            z.minLength(1),
            z.maxLength(MAX_FILENAME_LENGTH),
            z.regex(/^[^\p{Cc}]*$/u, 'must be a file name without control characters'),
          ),
        contentType: z.string().check(z.minLength(1), z.maxLength(100)),
        size: z
          .int()
          .check(
            z.minimum(1, 'must be at least 1 byte'),
            z.maximum(MAX_FILE_BYTES, `must be at most ${MAX_FILE_BYTES} bytes`),
          ),
      }),
    )
    .check(z.minLength(1), z.maxLength(MAX_FILES_PER_REQUEST)),
});

/** POST /api/uploads/generate-urls */
export function create(deps: RouteDependencies & WithPhotoUrls) {
  return httpRoute(deps.logger, async (event) => {
    const { files } = parseJsonBody(event, body);
    const user = await deps.users.ensure(callerSubject(event));
    const uploads = await requestUploadUrls(deps, user.id, files);
    return json(200, { uploads });
  });
}

export const handler = lambdaHttpHandler(create, { urls: s3PhotoUrls });
