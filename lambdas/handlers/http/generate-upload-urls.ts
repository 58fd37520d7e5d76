import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { requestUploadUrls } from '../../core/use-cases/request-upload-urls.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, parseJsonBody, userRoute } from '../middleware/http.ts';
import { generateUploadUrlsBody } from './request-schemas.ts';

/** POST /api/uploads/generate-urls */
export function create(deps: DependenciesOf<'generate-upload-urls'>) {
  const body = generateUploadUrlsBody();
  return userRoute(deps, {
    parse: (event) => parseJsonBody(event, body),
    handle: async ({ files }, caller) =>
      json(200, { uploads: await requestUploadUrls(deps, caller.id, files) }),
  });
}

export const handler = lambdaRoute('generate-upload-urls', create, { urls: s3PhotoUrls });
