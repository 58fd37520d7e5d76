/**
 * Which photos of an album are shown (issue 17): those not in the Trash that belong to the album's
 * owner or to an accepted contributor of the album. A member who goes takes their photos out of the
 * album in the same transaction, so the condition on contributors is a second guard, not the rule
 * that hides them; a contributor's photo in its owner's Trash is hidden from everyone, as the owner's.
 * Reads `images as i`.
 */
import { type Expression, sql } from 'kysely';

export function shownInAlbum(albumId: Expression<string>, albumOwnerId: Expression<string> | string) {
  return sql<boolean>`(i.trashed_at is null and (i.owner_id = ${albumOwnerId} or exists (
    select 1 from album_permissions p
    where p.album_id = ${albumId} and p.user_id = i.owner_id and p.status = 'accepted' and p.role = 'contributor'
  )))`;
}
