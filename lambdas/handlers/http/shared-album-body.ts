/**
 * The public shape of share links and shared albums, and what the public routes (GET /s/{token},
 * GET /api/shared/{token}) and the owner's preview share: headers, the one 404, the page's input.
 */
import { type ShareLink, shareLinkState } from '../../core/share-links.ts';
import type { SharedAlbum } from '../../core/use-cases/share-links.ts';
import { type HttpEvent, type HttpResult, html, json } from '../middleware/http.ts';
import { escapeHtml, PAGE_STYLESHEET, renderAlbumPage } from './album-page-html.ts';

/** On every answer of the public routes: not indexed, no referrer leaves the page, nothing cached. */
export const SHARED_HEADERS = {
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'no-referrer',
  'cache-control': 'private, no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** The token in the path, whatever it is: the use case hashes and looks up anything. */
export function tokenOf(event: HttpEvent): string {
  return event.pathParameters?.token ?? '';
}

const GONE_POLICY =
  "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const GONE_PAGE =
  `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">` +
  `<title>This link does not work</title><link rel="stylesheet" href="${escapeHtml(PAGE_STYLESHEET)}"></head>` +
  `<body class="album-page tone-paper light accent-neutral"><main class="page-gone">` +
  `<h1>This link does not work</h1>` +
  `<p>It may have expired or been turned off by the person who shared it. Ask them for a new one.</p>` +
  `</main></body></html>`;

/** The one answer of GET /s/{token} for a token that opens nothing, whatever the reason. */
export function pageNotFound(): HttpResult {
  return html(404, GONE_PAGE, { 'content-security-policy': GONE_POLICY });
}

/** The one answer of GET /api/shared/{token} for a token that opens nothing, whatever the reason. */
export function sharedNotFound(): HttpResult {
  return json(404, { error: { code: 'not_found', message: 'shared album not found' } });
}

/** The album page as HTML, with its Content-Security-Policy header. */
export function pageResult(shared: SharedAlbum): HttpResult {
  const page = renderAlbumPage({ spec: shared.spec, album: shared, photos: shared.photos });
  return html(200, page.html, { 'content-security-policy': page.contentSecurityPolicy });
}

/** GET /api/shared/{token}'s body: nothing of the owner's but this album (no owner id, no keys). */
export function sharedLinkBody(shared: SharedAlbum) {
  return {
    title: shared.title,
    description: shared.description,
    takenFrom: shared.takenFrom?.toISOString() ?? null,
    takenTo: shared.takenTo?.toISOString() ?? null,
    place: shared.place,
    page: shared.spec,
    photos: shared.photos.map((photo) => ({ ...photo, takenAt: photo.takenAt?.toISOString() ?? null })),
    urlsExpireAt: shared.urlsExpireAt.toISOString(),
  };
}

/** A link as its owner's list shows it. */
export function shareLinkBody(link: ShareLink, now: Date) {
  return {
    id: link.id,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    allowOriginals: link.allowOriginals,
    state: shareLinkState(link, now),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    lastOpenedAt: link.lastOpenedAt?.toISOString() ?? null,
  };
}

/**
 * The page's address for a new link: on the site the request came from (a browser's Origin, i.e. the
 * CloudFront domain in AWS), else the host the API was called on.
 */
export function shareUrl(event: HttpEvent, token: string): string {
  const origin = event.headers?.origin;
  const site =
    origin && /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin)
      ? origin
      : `${event.headers?.['x-forwarded-proto'] === 'http' ? 'http' : 'https'}://${event.requestContext.domainName}`;
  return `${site}/s/${token}`;
}
