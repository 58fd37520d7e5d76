import { ValidationError } from '../../core/errors.ts';
import { removeMember } from '../../core/use-cases/share-albums.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { idParameter, noContent, userRoute } from '../middleware/http.ts';
import { galleryUserId } from './request-schemas.ts';

/** DELETE /api/albums/{albumId}/members/{userId} — the owner removes a member; `me` leaves. */
export function create(deps: DependenciesOf<'remove-member'>) {
  const userId = galleryUserId();
  return userRoute(deps, {
    parse: (event) => {
      const albumId = idParameter(event, 'albumId', 'invalid_album_id');
      const member = userId.safeParse(event.pathParameters?.userId);
      if (!member.success)
        throw new ValidationError('userId must be a UUID or "me"', { field: 'userId' }, 'invalid_user_id');
      return { albumId, userId: member.data };
    },
    handle: async ({ albumId, userId: member }, caller) => {
      await removeMember(deps, caller.id, albumId, member);
      return noContent();
    },
  });
}

export const handler = lambdaRoute('remove-member', create);
