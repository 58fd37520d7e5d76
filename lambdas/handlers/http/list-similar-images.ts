import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import {
  listSimilarGroups,
  MAX_SIMILAR_GROUPS,
  SIMILAR_SCAN_LIMIT,
} from '../../core/use-cases/review-similar.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute } from '../middleware/http.ts';

/** GET /api/images/similar — the caller's near duplicates, grouped, for the review screen. */
export function create(deps: DependenciesOf<'list-similar-images'>) {
  return userRoute(deps, {
    parse: () => undefined,
    handle: async (_, caller) => {
      const found = await listSimilarGroups(deps, caller.id);
      return json(200, {
        groups: found.groups.map((images) => ({
          images: images.map(({ takenAt, createdAt, ...photo }) => ({
            ...photo,
            takenAt: takenAt?.toISOString() ?? null,
            createdAt: createdAt.toISOString(),
          })),
        })),
        scannedPhotos: found.scannedPhotos,
        scanLimit: SIMILAR_SCAN_LIMIT,
        morePhotos: found.morePhotos,
        moreGroups: found.moreGroups,
        groupLimit: MAX_SIMILAR_GROUPS,
      });
    },
  });
}

export const handler = lambdaRoute('list-similar-images', create, { urls: s3PhotoUrls });
