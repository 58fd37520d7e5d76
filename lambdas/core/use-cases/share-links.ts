/** Sharing an album by link: the owner makes, lists and revokes links; anyone with a working token reads the page. */
import type { AlbumPageSpec } from '../album-page.ts';
import type { AlbumPageRepository } from '../album-page-ports.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { GalleryAlbum, Place } from '../model.ts';
import type { AlbumRepository, Clock, IdGenerator, PhotoUrlSigner } from '../ports.ts';
import {
  MAX_LINKS_PER_ALBUM,
  SHARE_LINK_DAYS,
  SHARED_URL_TTL_SECONDS,
  type ShareLink,
  type ShareLinkRepository,
  type ShareTokens,
  sharedUrlSigningDate,
  shareLinkExpiry,
} from '../share-links.ts';
import { isOwnersKey } from '../upload-policy.ts';
import { readAlbumPage } from './album-page.ts';

interface LinkDeps {
  shareLinks: ShareLinkRepository;
  shareTokens: ShareTokens;
  clock: Clock;
  ids: IdGenerator;
}

interface PageDeps {
  albums: Pick<AlbumRepository, 'findOwned'>;
  /** The page's design: the stored one, or the offline one made on read (album-page.ts). */
  albumPages: AlbumPageRepository;
  urls: PhotoUrlSigner;
}

/** A new link with its token: the only time the token is ever seen. */
export interface NewShareLink {
  link: ShareLink;
  token: string;
}

/** Makes a link to the owner's album. `expiresInDays` defaults to SHARE_LINK_DAYS.default. */
export async function createShareLink(
  deps: LinkDeps,
  ownerId: string,
  albumId: string,
  options: { expiresInDays?: number | undefined; allowOriginals?: boolean | undefined },
): Promise<NewShareLink> {
  const days = options.expiresInDays ?? SHARE_LINK_DAYS.default;
  const { token, hash } = deps.shareTokens.create();
  const created = await deps.shareLinks.create(ownerId, {
    id: deps.ids.uuid(),
    albumId,
    tokenHash: hash,
    expiresAt: shareLinkExpiry(deps.clock.now(), days),
    allowOriginals: options.allowOriginals ?? false,
  });
  if (created.outcome === 'album_not_found') throw new NotFoundError('album');
  if (created.outcome === 'too_many_links' || !created.link) {
    throw new ConflictError(
      'too_many_links',
      `an album keeps at most ${MAX_LINKS_PER_ALBUM} links, revoked and expired ones included`,
      { limit: MAX_LINKS_PER_ALBUM },
    );
  }
  return { link: created.link, token };
}

/** The album's links, newest first, without tokens. */
export async function listShareLinks(
  deps: Pick<LinkDeps, 'shareLinks'>,
  ownerId: string,
  albumId: string,
): Promise<ShareLink[]> {
  const links = await deps.shareLinks.list(ownerId, albumId);
  if (links === null) throw new NotFoundError('album');
  return links;
}

/** Revokes a link; revoking a revoked link changes nothing and succeeds. */
export async function revokeShareLink(
  deps: Pick<LinkDeps, 'shareLinks' | 'clock'>,
  ownerId: string,
  albumId: string,
  linkId: string,
): Promise<void> {
  if (!(await deps.shareLinks.revoke(ownerId, albumId, linkId, deps.clock.now()))) {
    throw new NotFoundError('link');
  }
}

/** What a shared page shows: nothing of the owner's but this album, its design and its visible photos. */
export interface SharedAlbum {
  title: string;
  description: string;
  takenFrom: Date | null;
  takenTo: Date | null;
  place: Place | null;
  spec: AlbumPageSpec;
  photos: SharedPhoto[];
  /** When the signed URLs stop working (all of them, at once): reload before then. */
  urlsExpireAt: Date;
}

export interface SharedPhoto {
  id: string;
  previewUrl: string;
  thumbnailUrl: string;
  /** Signed as a download; null unless the link allows originals and the photo is the owner's own. */
  originalUrl: string | null;
  width: number | null;
  height: number | null;
  takenAt: Date | null;
}

/**
 * The album a token opens, or null — the same null for a made-up, malformed, expired or revoked token
 * and for a deleted album. The token is always hashed and looked up, whatever its shape.
 */
export async function openSharedAlbum(
  deps: PageDeps & Pick<LinkDeps, 'shareLinks' | 'shareTokens' | 'clock'>,
  token: string,
): Promise<SharedAlbum | null> {
  const opened = await deps.shareLinks.open(deps.shareTokens.hash(token), deps.clock.now());
  if (!opened) return null;
  const album = await deps.albums.findOwned(opened.ownerId, opened.albumId);
  // Deleted (or purged) between the reads: the same null as any link that opens nothing.
  if (!album) return null;
  try {
    return await sharedAlbum(deps, opened.ownerId, album, opened.allowOriginals);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** The owner's own album as its shared page would show it (the preview in the web app). */
export async function previewSharedAlbum(
  deps: PageDeps & Pick<LinkDeps, 'clock'>,
  ownerId: string,
  albumId: string,
): Promise<SharedAlbum> {
  const album = await deps.albums.findOwned(ownerId, albumId);
  if (!album) throw new NotFoundError('album');
  return sharedAlbum(deps, ownerId, album, false);
}

async function sharedAlbum(
  deps: PageDeps & Pick<LinkDeps, 'clock'>,
  ownerId: string,
  album: GalleryAlbum,
  allowOriginals: boolean,
): Promise<SharedAlbum> {
  // Every URL of the page is signed as of one instant for exactly the TTL, so urlsExpireAt is when
  // they all stop working, not a guess inside a caching window.
  const signedAt = sharedUrlSigningDate(deps.clock.now());
  const signing = { signedAt };
  const sign = (key: string) => deps.urls.presignDownload(key, SHARED_URL_TTL_SECONDS, signing);
  const signed = await Promise.all(
    album.photos.map(async (photo): Promise<SharedPhoto | null> => {
      // Never the original in place of a missing preview: a link that does not allow originals must
      // not hand one out. A photo with neither rendition is left out.
      const previewKey = photo.previewKey ?? photo.thumbnailKey;
      if (previewKey === null) return null;
      const previewUrl = await sign(previewKey);
      return {
        id: photo.id,
        previewUrl,
        thumbnailUrl: photo.thumbnailKey ? await sign(photo.thumbnailKey) : previewUrl,
        // The owner lets their own originals go, not the photos accepted contributors added.
        originalUrl:
          allowOriginals && isOwnersKey(ownerId, photo.storageKey)
            ? await deps.urls.presignDownload(photo.storageKey, SHARED_URL_TTL_SECONDS, {
                ...signing,
                downloadAs: photo.originalFilename,
              })
            : null,
        width: photo.width,
        height: photo.height,
        takenAt: photo.takenAt,
      };
    }),
  );
  return {
    title: album.title,
    description: album.themeDescription,
    takenFrom: album.span.takenFrom,
    takenTo: album.span.takenTo,
    place: album.span.place,
    spec: (await readAlbumPage(deps, ownerId, album.id)).spec,
    photos: signed.filter((photo) => photo !== null),
    urlsExpireAt: new Date(signedAt.getTime() + SHARED_URL_TTL_SECONDS * 1000),
  };
}
