/**
 * Sharing an album with members: the owner's side (invite, list, remove) and the member's (answer an
 * invitation, "Shared with me", open an album, add and take out their own photos, leave).
 */
import {
  type AlbumMember,
  type Invitation,
  MAX_ALBUM_MEMBERS,
  MAX_HANDLE_LENGTH,
  MAX_INVITATION_EMAILS,
  type MemberRepository,
  type MemberRole,
  type SharedAlbumSummary,
  type UserDirectory,
} from '../album-members.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { Clock, PhotoUrlSigner, UserRepository } from '../ports.ts';
import { type SignedGalleryAlbum, type SignedPhotoUrls, signAlbum, signPhoto } from './get-gallery.ts';
import { photoIds, photosError } from './organize-by-hand.ts';

/** A shared album as a member sees it: the album with signed URLs, their role, whose it is, what is theirs. */
export interface SignedSharedAlbum extends SignedGalleryAlbum {
  ownerName: string | null;
  role: MemberRole;
  yourImageIds: string[];
}

export interface SignedSharedAlbumSummary extends Omit<SharedAlbumSummary, 'cover'> {
  cover: ({ id: string } & SignedPhotoUrls) | null;
}

/**
 * Invites the user `handle` names (a username locally, an email address in AWS) to the owner's album.
 * The invitee's user row is made if they never signed in, so the invitation waits for them.
 * Every check that can refuse the invitation runs before the directory is asked to invite: in AWS that
 * creates a Cognito user and emails the person, which a refused invitation must never do. Those emails
 * are counted per owner (MAX_INVITATION_EMAILS a day).
 */
export async function inviteMember(
  deps: { members: MemberRepository; users: UserRepository; directory: UserDirectory; clock: Clock },
  ownerId: string,
  albumId: string,
  request: { handle: string; role: MemberRole },
): Promise<AlbumMember> {
  const handle = request.handle.trim();
  if (handle.length === 0 || handle.length > MAX_HANDLE_LENGTH) {
    throw new ValidationError(`handle must be 1 to ${MAX_HANDLE_LENGTH} characters`, { field: 'handle' });
  }
  const current = await deps.members.members(ownerId, albumId);
  if (!current) throw new NotFoundError('album');
  if (current.length >= MAX_ALBUM_MEMBERS) throw tooManyMembers();
  // The same answer whatever the reason the directory gives none: the owner learns nothing about others.
  // A malformed handle is refused before it could count as an invitation email.
  if (!deps.directory.accepts(handle)) throw new NotFoundError('user', { field: 'handle' });
  // Someone the directory already holds: refused here, before anything could email them.
  let entry = await deps.directory.lookup(handle);
  let invitee = entry ? await deps.users.ensure(entry.subject, entry.displayName) : null;
  if (invitee) refuseInvitee(ownerId, invitee.id, current);
  if (!entry || entry.pending) {
    if (!(await deps.members.countInvitationEmail(ownerId, deps.clock.now()))) {
      throw new AppError(
        'too_many_invitations',
        `at most ${MAX_INVITATION_EMAILS} invitations to new addresses a day; try again tomorrow`,
        { status: 429, details: { field: 'handle', limit: MAX_INVITATION_EMAILS } },
      );
    }
    entry = await deps.directory.invite(handle);
    if (!entry) throw new NotFoundError('user', { field: 'handle' });
    invitee ??= await deps.users.ensure(entry.subject, entry.displayName);
    refuseInvitee(ownerId, invitee.id, current);
  }
  if (!invitee) throw new NotFoundError('user', { field: 'handle' });
  const inviteeId = invitee.id;
  const outcome = await deps.members.invite(ownerId, albumId, {
    userId: inviteeId,
    invitedAs: handle,
    role: request.role,
  });
  switch (outcome) {
    case 'album_not_found':
      throw new NotFoundError('album');
    case 'already_member':
      throw alreadyMember();
    case 'too_many_members':
      throw tooManyMembers();
  }
  const members = (await deps.members.members(ownerId, albumId)) ?? [];
  const member = members.find((candidate) => candidate.userId === inviteeId);
  // Deleted, or the invitation withdrawn, by a concurrent request between the two.
  if (!member) throw new NotFoundError('album');
  return member;
}

/** The owner, or someone already on the album's list, cannot be invited. */
function refuseInvitee(ownerId: string, userId: string, members: readonly AlbumMember[]): void {
  if (userId === ownerId) {
    throw new ValidationError('you own this album: invite someone else', { field: 'handle' }, 'invite_self');
  }
  if (members.some((member) => member.userId === userId)) throw alreadyMember();
}

function alreadyMember(): AppError {
  return new ConflictError('already_member', 'that user is already invited to or a member of this album', {
    field: 'handle',
  });
}

function tooManyMembers(): AppError {
  return new ConflictError('too_many_members', 'this album has as many members as it can have', {
    field: 'handle',
  });
}

/** The owner's album's members, invited and accepted. */
export async function listMembers(
  deps: { members: MemberRepository },
  ownerId: string,
  albumId: string,
): Promise<AlbumMember[]> {
  const members = await deps.members.members(ownerId, albumId);
  if (!members) throw new NotFoundError('album');
  return members;
}

/**
 * `userId` leaves the album: the owner removing a member (or withdrawing an invitation), or, with `me`,
 * the caller leaving an album shared with them. Either way the member's photos leave the album with them.
 */
export async function removeMember(
  deps: { members: MemberRepository },
  callerId: string,
  albumId: string,
  userId: string | 'me',
): Promise<void> {
  if (userId === 'me' || userId === callerId) {
    if (!(await deps.members.leave(callerId, albumId))) throw new NotFoundError('album');
    return;
  }
  const outcome = await deps.members.remove(callerId, albumId, userId);
  if (outcome === 'album_not_found') throw new NotFoundError('album');
  if (outcome === 'not_member') throw new NotFoundError('member');
}

/** The caller's open invitations. */
export function listInvitations(deps: { members: MemberRepository }, userId: string): Promise<Invitation[]> {
  return deps.members.invitations(userId);
}

/** Accepts the caller's invitation and returns the album as "Shared with me" lists it. */
export async function acceptInvitation(
  deps: { members: MemberRepository; urls: PhotoUrlSigner; clock: Clock },
  userId: string,
  albumId: string,
): Promise<SignedSharedAlbumSummary> {
  if (!(await deps.members.respond(userId, albumId, 'accept', deps.clock.now()))) {
    throw new NotFoundError('invitation');
  }
  const accepted = (await deps.members.sharedAlbums(userId)).find((album) => album.id === albumId);
  if (!accepted) throw new NotFoundError('invitation');
  return signSummary(deps.urls, accepted);
}

/** Declines the caller's invitation: it is forgotten (the owner may invite again). */
export async function declineInvitation(
  deps: { members: MemberRepository; clock: Clock },
  userId: string,
  albumId: string,
): Promise<void> {
  if (!(await deps.members.respond(userId, albumId, 'decline', deps.clock.now()))) {
    throw new NotFoundError('invitation');
  }
}

/** "Shared with me": the albums the caller accepted, each with its cover signed. */
export async function listSharedAlbums(
  deps: { members: MemberRepository; urls: PhotoUrlSigner },
  userId: string,
): Promise<SignedSharedAlbumSummary[]> {
  const albums = await deps.members.sharedAlbums(userId);
  return Promise.all(albums.map((album) => signSummary(deps.urls, album)));
}

/** A shared album with signed URLs, for an accepted member. */
export async function getSharedAlbum(
  deps: { members: MemberRepository; urls: PhotoUrlSigner },
  userId: string,
  albumId: string,
): Promise<SignedSharedAlbum> {
  const shared = await deps.members.sharedAlbum(userId, albumId);
  if (!shared) throw new NotFoundError('album');
  return {
    ...(await signAlbum(deps.urls, shared.album)),
    ownerName: shared.ownerName,
    role: shared.role,
    yourImageIds: shared.yourImageIds,
  };
}

/** A contributor adds their own photos at the end of the shared album. */
export async function addOwnPhotos(
  deps: { members: MemberRepository; urls: PhotoUrlSigner },
  userId: string,
  albumId: string,
  imageIds: readonly string[],
): Promise<SignedSharedAlbum> {
  const outcome = await deps.members.addOwnPhotos(userId, albumId, photoIds(imageIds));
  switch (outcome.outcome) {
    case 'added':
      return getSharedAlbum(deps, userId, albumId);
    case 'album_not_found':
      throw new NotFoundError('album');
    case 'not_contributor':
      throw notContributor();
    default:
      throw photosError(outcome);
  }
}

/** A contributor takes their own photos out of the shared album; naming anyone else's changes nothing. */
export async function removeOwnPhotos(
  deps: { members: MemberRepository; urls: PhotoUrlSigner },
  userId: string,
  albumId: string,
  imageIds: readonly string[],
): Promise<SignedSharedAlbum> {
  const outcome = await deps.members.removeOwnPhotos(userId, albumId, photoIds(imageIds));
  switch (outcome.outcome) {
    case 'removed':
      return getSharedAlbum(deps, userId, albumId);
    case 'album_not_found':
      throw new NotFoundError('album');
    case 'not_contributor':
      throw notContributor();
    case 'photos_not_found':
      throw photosError(outcome);
  }
}

function notContributor(): AppError {
  return new AppError(
    'not_contributor',
    'you are a viewer of this album: only contributors add or take out photos',
    {
      status: 403,
    },
  );
}

async function signSummary(urls: PhotoUrlSigner, { cover, ...album }: SharedAlbumSummary) {
  return {
    ...album,
    cover: cover ? { id: cover.id, ...(await signPhoto(urls, cover)) } : null,
  };
}
