/**
 * Share links: a public, read-only page of one album, opened with a random token. The token is shown
 * to the owner once, when the link is made; only its SHA-256 is stored, and a public request finds its
 * link by hashing what it was given, whatever it was (no shortcut for a token of the wrong shape, so
 * timing tells nothing either).
 */

/** Days a link lives when the owner does not say, and the range the owner may choose from. */
export const SHARE_LINK_DAYS = { default: 30, min: 1, max: 365 } as const;

/** How long the signed photo URLs of a shared page stay valid: a page left open for longer needs a reload. */
export const SHARED_URL_TTL_SECONDS = 15 * 60;

/**
 * A shared page's URLs are signed as of the start of the current minute: the same photo keeps the same
 * URL for that minute (browsers cache it across reloads; a burst of visits signs once), and each URL
 * works for 14 to 15 minutes from the request, ending exactly TTL after this date.
 */
export const SHARED_URL_SIGNING_STEP_MS = 60 * 1000;

/** The instant a shared page requested at `now` is signed as of. */
export function sharedUrlSigningDate(now: Date): Date {
  return new Date(now.getTime() - (now.getTime() % SHARED_URL_SIGNING_STEP_MS));
}

/** The most links one album keeps (revoked and expired ones included), so a script cannot pile them up. */
export const MAX_LINKS_PER_ALBUM = 100;

const DAY_MS = 24 * 3600 * 1000;

/** When a link made at `now` for `days` days stops working. */
export function shareLinkExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

/** A link as its owner sees it: never the token (shown once, on creation, and not stored). */
export interface ShareLink {
  id: string;
  albumId: string;
  createdAt: Date;
  expiresAt: Date;
  allowOriginals: boolean;
  revokedAt: Date | null;
  lastOpenedAt: Date | null;
}

export type ShareLinkState = 'active' | 'expired' | 'revoked';

/** Revoked wins over expired: the owner's act is what the list should say. */
export function shareLinkState(link: Pick<ShareLink, 'expiresAt' | 'revokedAt'>, now: Date): ShareLinkState {
  if (link.revokedAt !== null) return 'revoked';
  return link.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** A new random token and the hash it is stored under. */
export interface ShareToken {
  /** base64url of 32 random bytes: what goes in the URL. */
  token: string;
  /** SHA-256 of the token's text. */
  hash: Uint8Array;
}

/** Makes and hashes tokens (node:crypto in every deployment; never Math.random). */
export interface ShareTokens {
  create(): ShareToken;
  /** The hash of anything a request presents as a token, whatever its shape. */
  hash(presented: string): Uint8Array;
}

/** What a working token opens: one album of one owner, and whether originals may be downloaded. */
export interface OpenedShareLink {
  linkId: string;
  albumId: string;
  ownerId: string;
  allowOriginals: boolean;
}

export type CreateShareLinkOutcome = 'created' | 'album_not_found' | 'too_many_links';

export interface ShareLinkRepository {
  /** Records the link for the owner's album (not deleted), unless the album already has MAX_LINKS_PER_ALBUM. */
  create(
    ownerId: string,
    link: { id: string; albumId: string; tokenHash: Uint8Array; expiresAt: Date; allowOriginals: boolean },
  ): Promise<{ outcome: CreateShareLinkOutcome; link?: ShareLink }>;
  /** The album's links, newest first; null when the album is not the owner's (or is deleted). */
  list(ownerId: string, albumId: string): Promise<ShareLink[] | null>;
  /** Revokes the link (a revoked one keeps its date); false when no such link of the owner's album. */
  revoke(ownerId: string, albumId: string, linkId: string, at: Date): Promise<boolean>;
  /**
   * The link with this token hash when it works at `now` (not revoked, not expired, its album not
   * deleted), noting that it was opened; null otherwise, the same null whatever the reason.
   */
  open(tokenHash: Uint8Array, now: Date): Promise<OpenedShareLink | null>;
}
