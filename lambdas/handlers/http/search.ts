import { s3PhotoUrls } from '../../composition/photo-urls.ts';
import { searchPhotos } from '../../core/use-cases/search.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { json, userRoute, validate } from '../middleware/http.ts';
import { libraryPhotoBody } from './album-body.ts';
import { searchQuery } from './request-schemas.ts';

/** GET /api/search?q&from&to&country&town&make&model&person&album&cursor&limit — the caller's photos that match. */
export function create(deps: DependenciesOf<'search'>) {
  const query = searchQuery();
  return userRoute(deps, {
    // An empty parameter (`?town=`) is one the form left blank: absent.
    parse: (event) =>
      validate(
        query,
        Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter(([, value]) => value)),
      ),
    handle: async ({ q, from, to, country, town, make, model, person, album, limit, cursor }, caller) => {
      const page = await searchPhotos(
        deps,
        caller.id,
        {
          text: q ?? null,
          takenFrom: from ?? null,
          takenTo: to ?? null,
          country: country ?? null,
          town: town ?? null,
          cameraMake: make ?? null,
          cameraModel: model ?? null,
          personId: person ?? null,
          album: album ?? null,
        },
        { limit, cursor: cursor ?? null },
      );
      return json(200, { photos: page.photos.map(libraryPhotoBody), nextCursor: page.nextCursor });
    },
  });
}

export const handler = lambdaRoute('search', create, { urls: s3PhotoUrls });
