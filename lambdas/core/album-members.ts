/**
 * Shared albums with members (issue 17): the owner invites another user as a viewer (sees the album) or
 * a contributor (also adds their own photos and takes out only those); the invitee accepts or declines;
 * members leave, the owner removes them. The domain types and the two ports sharing needs.
 */
import type { GalleryAlbum, GalleryPhoto } from './model.ts';
import type { PhotosProblem } from './ports.ts';

export const MEMBER_ROLES = ['viewer', 'contributor'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type MemberStatus = 'invited' | 'accepted';

/** How many members (invited or accepted) one album may have: a family or a trip, not a mailing list. */
export const MAX_ALBUM_MEMBERS = 50;
/**
 * How many invitation emails the directory may send on one owner's behalf in INVITATION_EMAIL_WINDOW_MS
 * (new addresses, and fresh emails to invitees who never signed in): Cognito's default sender allows
 * about 50 emails a day for the whole account, so one owner must not spend them all.
 */
export const MAX_INVITATION_EMAILS = 20;
export const INVITATION_EMAIL_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The longest handle (username or email address) an owner may type. */
export const MAX_HANDLE_LENGTH = 254;

/** A member of an album, as its owner sees them. */
export interface AlbumMember {
  userId: string;
  /** What the member's sign-in says of them (username or email); null when they never signed in. */
  displayName: string | null;
  /** What the owner typed when inviting. */
  invitedAs: string;
  role: MemberRole;
  status: MemberStatus;
  invitedAt: Date;
  respondedAt: Date | null;
}

/** An invitation waiting for the invitee's answer. */
export interface Invitation {
  albumId: string;
  title: string;
  ownerName: string | null;
  role: MemberRole;
  invitedAt: Date;
}

/** A shared album as "Shared with me" lists it. */
export interface SharedAlbumSummary {
  id: string;
  title: string;
  themeDescription: string;
  ownerName: string | null;
  role: MemberRole;
  /** Photos shown (not in anyone's Trash). */
  photoCount: number;
  /** The cover shown, or null when the album is empty. */
  cover: Pick<GalleryPhoto, 'id' | 'storageKey' | 'previewKey' | 'thumbnailKey'> | null;
  joinedAt: Date;
}

/** A shared album opened by a member: its photos, the member's role and which photos are theirs. */
export interface SharedAlbum {
  album: GalleryAlbum;
  ownerName: string | null;
  role: MemberRole;
  /** The photos the caller contributed (the only ones a contributor may take out). */
  yourImageIds: string[];
}

export type InviteOutcome = 'invited' | 'album_not_found' | 'already_member' | 'too_many_members';

export type RemoveMemberOutcome = 'removed' | 'album_not_found' | 'not_member';

export type AddOwnPhotosOutcome =
  | { outcome: 'added'; added: number }
  | { outcome: 'album_not_found' }
  | { outcome: 'not_contributor' }
  | PhotosProblem;

export type RemoveOwnPhotosOutcome =
  | { outcome: 'removed'; removed: number }
  | { outcome: 'album_not_found' }
  | { outcome: 'not_contributor' }
  /** Ids that are not the caller's own photos (another member's, the owner's, made up: alike). */
  | { outcome: 'photos_not_found'; imageIds: string[] };

/**
 * Albums' members. An album a caller is not the owner (owner methods) or an accepted member (member
 * methods) of behaves like one that does not exist; so does a deleted album. When a member goes
 * (removed, or leaving) their photos leave the album in the same transaction: they stay theirs.
 */
export interface MemberRepository {
  invite(
    ownerId: string,
    albumId: string,
    invitee: { userId: string; invitedAs: string; role: MemberRole },
  ): Promise<InviteOutcome>;
  /** The album's members, invited and accepted, oldest invitation first; null: not the owner's album. */
  members(ownerId: string, albumId: string): Promise<AlbumMember[] | null>;
  /** Takes the member (and their photos) out of the owner's album; an invitation is withdrawn. */
  remove(ownerId: string, albumId: string, userId: string): Promise<RemoveMemberOutcome>;
  /** The caller leaves the album (accepted) with their photos. false: not a member. */
  leave(userId: string, albumId: string): Promise<boolean>;
  /** The caller's open invitations, newest first. */
  invitations(userId: string): Promise<Invitation[]>;
  /** Accepts or declines the caller's open invitation (declining forgets it). false: no such invitation. */
  respond(userId: string, albumId: string, answer: 'accept' | 'decline', at: Date): Promise<boolean>;
  /** The albums the caller has accepted, most recently joined first. */
  sharedAlbums(userId: string): Promise<SharedAlbumSummary[]>;
  sharedAlbum(userId: string, albumId: string): Promise<SharedAlbum | null>;
  /** A contributor appends their own ready photos (not in the Trash); those already there stay. */
  addOwnPhotos(userId: string, albumId: string, imageIds: string[]): Promise<AddOwnPhotosOutcome>;
  /** A contributor takes their own photos out; all or nothing when an id is not theirs. */
  removeOwnPhotos(userId: string, albumId: string, imageIds: string[]): Promise<RemoveOwnPhotosOutcome>;
  /**
   * Counts one invitation email sent on the owner's behalf at `at`, unless MAX_INVITATION_EMAILS were
   * counted in the window before it (false: none counted). Atomic per owner, so concurrent invitations
   * cannot both take the last one.
   */
  countInvitationEmail(ownerId: string, at: Date): Promise<boolean>;
}

/** Someone an owner can invite: the identity-provider subject and the name others see. */
export interface DirectoryEntry {
  subject: string;
  displayName: string;
  /** Never signed in (Cognito: FORCE_CHANGE_PASSWORD): inviting them emails them a fresh invitation. */
  pending: boolean;
}

/**
 * The people a handle names: a username locally; an email address in AWS (Cognito), where inviting a new
 * address creates its user and Cognito emails the person. Looking up never creates nor emails anyone,
 * so every check that can refuse an invitation runs before `invite`.
 */
export interface UserDirectory {
  /** Whether the handle is well-formed (a username locally, an email address in AWS); asks no one. */
  accepts(handle: string): boolean;
  /** Someone the directory already holds (in AWS: with a verified email). null: no one (nothing more). */
  lookup(handle: string): Promise<DirectoryEntry | null>;
  /**
   * Invites the person: a new address gets a user and an email; a pending one gets the email again; anyone
   * else is just found. null: the handle cannot name anyone.
   */
  invite(handle: string): Promise<DirectoryEntry | null>;
}
