import type { AlbumMember, Invitation } from '../../core/album-members.ts';
import type { SignedSharedAlbum, SignedSharedAlbumSummary } from '../../core/use-cases/share-albums.ts';
import { albumBody } from './album-body.ts';

/** The public shapes of sharing (issue 17): members, invitations and shared albums. */
export function memberBody({ invitedAt, respondedAt, ...member }: AlbumMember) {
  return { ...member, invitedAt: invitedAt.toISOString(), respondedAt: respondedAt?.toISOString() ?? null };
}

export function invitationBody({ invitedAt, ...invitation }: Invitation) {
  return { ...invitation, invitedAt: invitedAt.toISOString() };
}

export function sharedAlbumSummaryBody({ joinedAt, ...album }: SignedSharedAlbumSummary) {
  return { ...album, joinedAt: joinedAt.toISOString() };
}

export function sharedAlbumBody({ ownerName, role, yourImageIds, ...album }: SignedSharedAlbum) {
  return { ...albumBody(album), ownerName, role, yourImageIds };
}
