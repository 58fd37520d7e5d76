/**
 * The route manifest: every HTTP route in one table. Each entry says its method and path (API
 * Gateway's syntax), whether it is behind the JWT authorizer, what it may touch besides its own code
 * (`access`), what it accepts and what it answers. Everything else reads it:
 * - the CDK stack makes one Lambda per entry (`lambdas/handlers/http/<name>.ts`) with exactly the
 *   grants and environment of its `access` (lib/momentarium-stack.ts);
 * - each route's Lambda entry must wire exactly the adapters its `access` implies, or it does not
 *   compile (lambdaRoute in ../lambda-entry.ts);
 * - the local runtime serves the same modules at the same paths;
 * - the OpenAPI document (GET /api/openapi.json, docs/openapi.json) is generated from it, and the
 *   end-to-end tests check real answers against that document.
 */
import type * as z from 'zod/mini';
import { MAX_SIMILAR_GROUPS, SIMILAR_SCAN_LIMIT } from '../../core/use-cases/review-similar.ts';
import {
  addAlbumImageBody,
  bulkImageIdsBody,
  createAlbumBody,
  createShareLinkBody,
  galleryUserId,
  generateUploadUrlsBody,
  id,
  inviteMemberBody,
  libraryQuery,
  listImagesQuery,
  mergeAlbumsBody,
  mergePeopleBody,
  processGalleryBody,
  processGalleryHeaders,
  removeAlbumImagesBody,
  searchQuery,
  shareToken,
  updateAlbumBody,
  updateAlbumPageBody,
  updatePersonBody,
  updateSettingsBody,
} from './request-schemas.ts';
import {
  albumBody,
  albumDeletedBody,
  albumPageBody,
  galleryBody,
  healthBody,
  invitationsBody,
  jobAcceptedBody,
  jobStatusBody,
  libraryPageBody,
  memberBody,
  membersBody,
  openApiBody,
  peopleBody,
  personBody,
  photoInfoBody,
  searchFilterChoicesBody,
  searchPageBody,
  settingsBody,
  sharedAlbumBody,
  sharedAlbumSummaryBody,
  sharedAlbumsBody,
  sharedLinkAlbumBody,
  shareLinkCreatedBody,
  shareLinksBody,
  similarGroupsBody,
  trashEmptiedBody,
  trashMoveBody,
  trashPageBody,
  trashRestoreBody,
  uploadUrlsBody,
} from './response-schemas.ts';

/**
 * What a route may touch, each mapped to the adapter its code reads (or none) — the stack maps each
 * to an IAM grant and environment.
 */
export const ACCESS_ADAPTERS = {
  /** The database through RDS Proxy: users and the repositories. */
  database: null,
  /** Sign upload URLs (PUT) under the caller's prefix. */
  'sign-uploads': 'urls',
  /** Sign download URLs (GET) of originals, previews and thumbnails. */
  'sign-downloads': 'urls',
  /** Check that uploads exist (HEAD). */
  'inspect-uploads': 'storage',
  /** Delete originals, previews and thumbnails. */
  'delete-photos': 'storage',
  /** Send job messages to the job queue. */
  'enqueue-jobs': 'queue',
  /** Find (in AWS: look up or invite by email in Cognito) the user an owner invites to an album. */
  directory: 'directory',
} as const;

export type RouteAccess = keyof typeof ACCESS_ADAPTERS;

/** Every error code a client can see, with its status and when it happens. */
export const ERRORS = {
  invalid_json: { status: 400, when: 'the body is missing or not JSON' },
  invalid_request: {
    status: 400,
    when: 'a field is missing, has the wrong type, or breaks a limit (`details.issues` names each field)',
  },
  too_many_items: {
    status: 400,
    when: 'a list is longer than the route takes (`details.limit` says how many; send the rest in further requests)',
  },
  unsupported_media_type: { status: 400, when: "a file's `contentType` is not an allowed image type" },
  invalid_job_id: { status: 400, when: 'the job id in the path is not a UUID' },
  invalid_user_id: { status: 400, when: 'the user id in the path is not a UUID or `me`' },
  invalid_album_id: { status: 400, when: 'the album id in the path is not a UUID' },
  invalid_image_id: { status: 400, when: 'the image id in the path is not a UUID' },
  cover_not_in_album: { status: 400, when: 'the chosen cover is not a photo of the album' },
  invalid_link_id: { status: 400, when: 'the link id in the path is not a UUID' },
  invalid_person_id: { status: 400, when: 'the person id in the path is not a UUID' },
  too_many_links: {
    status: 409,
    when: 'the album already has 100 share links (revoked and expired ones count; `details.limit`)',
  },
  image_not_ready: {
    status: 400,
    when: 'the photo was never uploaded or could not be read (`details.imageIds` names them in bulk requests)',
  },
  image_in_trash: {
    status: 409,
    when:
      'adding photos that are in the Trash to an album: restore them first (POST /api/images/restore); ' +
      'bulk requests name them in `details.imageIds`',
  },
  invalid_cursor: { status: 400, when: 'the cursor is not one this API returned' },
  invite_self: { status: 400, when: 'the owner named themselves as the member to invite' },
  not_contributor: {
    status: 403,
    when: 'a viewer of a shared album tried to add or take out photos: only contributors may',
  },
  already_member: { status: 409, when: 'the user is already invited to, or a member of, the album' },
  too_many_members: {
    status: 409,
    when: 'the album has as many members (invited or accepted) as it may have',
  },
  too_many_invitations: {
    status: 429,
    when: 'the owner invited 20 new email addresses in the last 24 hours (each one is an email Cognito sends; `details.limit`)',
  },
  unauthorized: { status: 401, when: 'no token, or an expired, forged, tampered or foreign one' },
  not_found: {
    status: 404,
    when:
      'the job, gallery, album, photo, person, link or key does not exist or is not yours (indistinguishable on purpose); ' +
      'bulk requests name the ids in `details`',
  },
  upload_missing: {
    status: 409,
    when: 'the job names keys whose files were never uploaded (`details.keys`)',
  },
  album_shared: {
    status: 409,
    when:
      'merging away an album shared with members (invited or joined) would drop them and their photos: ' +
      'remove its members first (`details.albumIds` names those albums)',
  },
  job_not_failed: { status: 409, when: 'only a failed job can be retried (`details.status` says its state)' },
  job_not_completed: {
    status: 409,
    when: 'only a completed job can be undone (`details.status` says its state)',
  },
  undo_expired: {
    status: 409,
    when: 'a job can be undone for 7 days after it finished (`details.completedAt`)',
  },
  payload_too_large: { status: 413, when: 'the body is over 256 KiB' },
  unsupported_content_type: { status: 415, when: 'the body is not `application/json`' },
  service_unavailable: { status: 503, when: 'the database or the queue is unreachable; retry' },
  internal_error: { status: 500, when: 'a bug; the details are in the logs, never in the response' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface RouteResponse {
  readonly description: string;
  readonly schema?: z.ZodMiniType;
  readonly headers?: Readonly<Record<string, string>>;
  /** An HTML page instead of JSON (the shared album page). */
  readonly mediaType?: 'text/html';
}

/**
 * A route's own throttle, below the stage's (lib/constructs/api.ts STAGE_RATE_LIMIT/STAGE_BURST_LIMIT):
 * steady requests per second for the route as a whole (every caller shares it, as API Gateway's route
 * settings do), and the burst a full bucket allows above it. API Gateway answers past it with 429
 * `{"message":"Too Many Requests"}`; the local gateway enforces the same limits with the same answer.
 */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * The paths CloudFront sends to the API (lib/constructs/website.ts makes one behavior per prefix; the
 * local gateway routes the same): the API itself and the public pages of shared albums. Every route's
 * path starts with one of them; everything else is the static web app.
 */
export const API_PATH_PREFIXES = ['/api/', '/s/'] as const;

/** API Gateway's (HTTP API) answer to a throttled request: its own fixed body, not the API's error shape. */
export const THROTTLED = { status: 429, body: { message: 'Too Many Requests' } } as const;

/**
 * The throttle of the public, no-sign-in routes (a shared album's page and its data): low enough that
 * guessing tokens or scraping a page at scale is slow, high enough for a page opened by a whole family
 * at once (each page view is one page request plus one data request).
 */
export const PUBLIC_ROUTE_THROTTLE: RouteThrottle = { rateLimit: 10, burstLimit: 20 };

/** Behind the JWT authorizer, or public with the reason written down (it becomes the cdk-nag record). */
type Guard =
  | { readonly authorized: true }
  | {
      /** false only for the routes that must answer without a token (health, the API description). */
      readonly authorized: false;
      readonly publicBecause: string;
    };

export type RouteDefinition = Guard & {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: readonly RouteAccess[];
  readonly request?: {
    readonly params?: Readonly<Record<string, z.ZodMiniType>>;
    readonly query?: z.ZodMiniObject;
    readonly headers?: z.ZodMiniObject;
    readonly body?: z.ZodMiniType;
  };
  readonly responses: Readonly<Record<number, RouteResponse>>;
  /** The errors particular to this route; those every route shares are added by the document. */
  readonly errors: readonly ErrorCode[];
  /** A limit of this route's own, below the stage's; public routes set one. */
  readonly throttle?: RouteThrottle;
};

const JOB_ID = { id: id() };
const ALBUM_ID = { albumId: id() };
const SHARED_PAGE_HEADERS = {
  'X-Robots-Tag': '`noindex, nofollow`',
  'Referrer-Policy': '`no-referrer`',
  'Cache-Control': '`private, no-store`',
};

const manifest = {
  health: {
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness and database reachability',
    description: 'Public: uptime probes call it without a token.',
    authorized: false,
    publicBecause:
      'uptime probes call it without a token, and it reveals only liveness and database reachability.',
    access: ['database'],
    responses: {
      200: { description: 'Everything answers', schema: healthBody },
      503: { description: 'The database is unreachable (`status: degraded`)', schema: healthBody },
    },
    errors: [],
  },
  'get-openapi': {
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This document',
    description: 'Public, generated from the route manifest.',
    authorized: false,
    publicBecause:
      'it describes the API, which is no secret (the public web app is its client), and holds no user data.',
    access: [],
    responses: { 200: { description: 'The OpenAPI 3.1 document', schema: openApiBody } },
    errors: [],
  },
  'generate-upload-urls': {
    method: 'POST',
    path: '/api/uploads/generate-urls',
    summary: 'Presigned upload URLs for a batch of files',
    description:
      'PUT each file to its `url` within 5 minutes with exactly the returned headers and a body of exactly ' +
      '`size` bytes: type, length and tag are part of the signature, and with `sha256` the checksum too ' +
      '(`x-amz-checksum-sha256`; storage refuses other bytes, ingest rejects them). Keys are made by the ' +
      "server under the caller's prefix; file names are kept as metadata only. A file whose `sha256` the " +
      "caller's library already holds (read or organized, not in the Trash), or an earlier file of the " +
      "same request has, gets no URL: `status: 'duplicate'` names that photo (`imageId`, `key`); when it " +
      'is not `organized` yet, organize its `key` with the rest.',
    authorized: true,
    access: ['database', 'sign-uploads'],
    request: { body: generateUploadUrlsBody() },
    responses: { 200: { description: 'One upload per file, in request order', schema: uploadUrlsBody } },
    errors: ['unsupported_media_type', 'too_many_items'],
  },
  'process-gallery': {
    method: 'POST',
    path: '/api/galleries/process',
    summary: 'Organize uploaded photos into albums (queued)',
    description:
      'Every key must have been issued to the caller and uploaded. With `Idempotency-Key`, a retry returns ' +
      'the job the first request created.',
    authorized: true,
    access: ['database', 'inspect-uploads', 'enqueue-jobs'],
    request: { headers: processGalleryHeaders(), body: processGalleryBody() },
    responses: {
      202: {
        description: 'The job is queued; watch `statusUrl`',
        schema: jobAcceptedBody,
        headers: { Location: 'The job status URL' },
      },
    },
    errors: ['too_many_items', 'not_found', 'upload_missing'],
  },
  'get-job-status': {
    method: 'GET',
    path: '/api/jobs/{id}/status',
    summary: "A job's status and outcome",
    authorized: true,
    access: ['database'],
    request: { params: JOB_ID },
    responses: { 200: { description: 'The job', schema: jobStatusBody } },
    errors: ['invalid_job_id', 'not_found'],
  },
  'retry-job': {
    method: 'POST',
    path: '/api/jobs/{id}/retry',
    summary: 'Queue a failed job again from a clean slate',
    authorized: true,
    access: ['database', 'enqueue-jobs'],
    request: { params: JOB_ID },
    responses: {
      202: {
        description: 'The job is queued again',
        schema: jobAcceptedBody,
        headers: { Location: 'The job status URL' },
      },
    },
    errors: ['invalid_job_id', 'not_found', 'job_not_failed'],
  },
  'undo-job': {
    method: 'POST',
    path: '/api/jobs/{id}/undo',
    summary: "Undo a job's outcome: its new albums go, the photos it added to existing albums come out",
    description:
      'Within 7 days of the job finishing. The photos stay in the library; an album the job made stays when ' +
      'something else now holds it (a photo placed by hand or by a later job, a title the user wrote). ' +
      'Undoing an undone job answers the same again.',
    authorized: true,
    access: ['database'],
    request: { params: JOB_ID },
    responses: { 200: { description: 'The job, now undone (`undoneAt`)', schema: jobStatusBody } },
    errors: ['invalid_job_id', 'not_found', 'job_not_completed', 'undo_expired'],
  },
  'get-gallery': {
    method: 'GET',
    path: '/api/galleries/{userId}',
    summary: "The caller's albums with signed photo URLs",
    description: '`me` names the caller; another user is 404. A constant number of SQL queries.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: { userId: galleryUserId() } },
    responses: { 200: { description: 'Every album, photos in display order', schema: galleryBody } },
    errors: ['invalid_user_id', 'not_found'],
  },
  'update-album': {
    method: 'PATCH',
    path: '/api/albums/{albumId}',
    summary: 'Rename, describe or choose the cover of an album',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID, body: updateAlbumBody() },
    responses: { 200: { description: 'The album as it is now', schema: albumBody } },
    errors: ['invalid_album_id', 'not_found', 'cover_not_in_album'],
  },
  'delete-album': {
    method: 'DELETE',
    path: '/api/albums/{albumId}',
    summary: 'Delete an album (undoable for 30 days); its photos stay in the library',
    description:
      'The album is hidden at once (gallery, library, every album route answers 404) and kept with its photos ' +
      'and their order: POST /api/albums/{albumId}/restore brings it back until `restorableUntil` (30 days), ' +
      'after which the daily clean-up forgets it. Organizing never recreates or joins a deleted album.',
    authorized: true,
    access: ['database'],
    request: { params: ALBUM_ID },
    responses: {
      200: { description: 'Deleted; restorable until `restorableUntil`', schema: albumDeletedBody },
    },
    errors: ['invalid_album_id', 'not_found'],
  },
  'restore-album': {
    method: 'POST',
    path: '/api/albums/{albumId}/restore',
    summary: 'Undo deleting an album: it comes back with its photos in their order',
    description: 'Photos of the album that are in the Trash stay hidden until they are restored too.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID },
    responses: { 200: { description: 'The album as it is now', schema: albumBody } },
    errors: ['invalid_album_id', 'not_found'],
  },
  'create-album': {
    method: 'POST',
    path: '/api/albums',
    summary: 'Make an album: empty, or of up to 500 of your photos',
    description:
      'The photos go in the given order (the first is the cover); each must be a photo of yours in the ' +
      'library (uploaded, readable, not in the Trash). Title and description are yours: organizing never ' +
      'changes them, and later uploads may join the album.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { body: createAlbumBody() },
    responses: { 201: { description: 'The new album', schema: albumBody } },
    errors: ['too_many_items', 'not_found', 'image_not_ready', 'image_in_trash'],
  },
  'merge-albums': {
    method: 'POST',
    path: '/api/albums/{albumId}/merge',
    summary: 'Merge up to 50 albums into this one',
    description:
      "The other albums' photos are appended in the order the albums are named, each album's in its own " +
      'order, skipping photos already here; the other albums are then deleted (restorable). One transaction. ' +
      'An album shared with members cannot be merged away (`album_shared`): its members and their photos ' +
      'would be dropped; merging INTO a shared album is fine.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID, body: mergeAlbumsBody() },
    responses: { 200: { description: 'The merged album as it is now', schema: albumBody } },
    errors: ['invalid_album_id', 'too_many_items', 'not_found', 'album_shared'],
  },
  'add-album-image': {
    method: 'POST',
    path: '/api/albums/{albumId}/images',
    summary: 'Add photos at the end of an album (one, or up to 500), or move them here from another',
    description:
      '`imageId`: one photo, moved to the end if it is already here. `imageIds`: up to 500 photos at once, ' +
      'in that order; those already here stay where they are. With `fromAlbumId` the photos leave that ' +
      'album in the same transaction, and organizing will not put them back there.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID, body: addAlbumImageBody() },
    responses: { 200: { description: 'The album as it is now', schema: albumBody } },
    errors: ['invalid_album_id', 'too_many_items', 'not_found', 'image_not_ready', 'image_in_trash'],
  },
  'remove-album-images': {
    method: 'POST',
    path: '/api/albums/{albumId}/images/remove',
    summary: 'Take up to 500 photos out of an album; they stay in the library',
    description:
      'Ids that are not in the album are skipped, so a retry is harmless. Organizing will not put the ' +
      'photos back into this album. One transaction.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID, body: removeAlbumImagesBody() },
    responses: { 200: { description: 'The album as it is now', schema: albumBody } },
    errors: ['invalid_album_id', 'too_many_items', 'not_found'],
  },
  'remove-album-image': {
    method: 'DELETE',
    path: '/api/albums/{albumId}/images/{imageId}',
    summary: 'Take a photo out of an album; it stays in the library',
    authorized: true,
    access: ['database'],
    request: { params: { ...ALBUM_ID, imageId: id() } },
    responses: { 204: { description: 'Removed' } },
    errors: ['invalid_album_id', 'invalid_image_id', 'not_found'],
  },
  'delete-image': {
    method: 'DELETE',
    path: '/api/images/{imageId}',
    summary: 'Move a photo to the Trash (restorable for 30 days)',
    description:
      'The photo is hidden at once from albums, the library and organizing; its record, files and album ' +
      'memberships stay, so POST /api/images/restore puts it back where it was. After 30 days in the Trash ' +
      '(`purgeAt`) the daily clean-up deletes it and its files for good; DELETE /api/trash does it now. ' +
      'A photo already in the Trash keeps its date.',
    authorized: true,
    access: ['database'],
    request: { params: { imageId: id() } },
    responses: { 200: { description: 'In the Trash until `purgeAt`', schema: trashMoveBody } },
    errors: ['invalid_image_id', 'not_found'],
  },
  'get-image': {
    method: 'GET',
    path: '/api/images/{imageId}',
    summary: "One of the caller's photos with what is known about it (the viewer's info panel)",
    description:
      'Date and where it came from, place, camera, file name, size and the albums that hold it; a photo in ' +
      'the Trash answers too (`trashedAt`). One not organized yet, a made-up id and another user’s photo are ' +
      '404 alike.',
    authorized: true,
    access: ['database'],
    request: { params: { imageId: id() } },
    responses: { 200: { description: 'The photo', schema: photoInfoBody } },
    errors: ['invalid_image_id', 'not_found'],
  },
  'trash-images': {
    method: 'POST',
    path: '/api/images/trash',
    summary: 'Move up to 500 photos to the Trash at once (restorable for 30 days)',
    description:
      'As DELETE /api/images/{imageId} for each photo, in one transaction: at most 500 ids per request (a ' +
      "repeated id counts once). All or nothing: when an id is unknown or not the caller's (the two answer " +
      'alike), the answer is 404 naming those ids in `details.imageIds` and nothing changes.',
    authorized: true,
    access: ['database'],
    request: { body: bulkImageIdsBody() },
    responses: {
      200: { description: 'All of them are in the Trash until `purgeAt`', schema: trashMoveBody },
    },
    errors: ['too_many_items', 'not_found'],
  },
  'restore-images': {
    method: 'POST',
    path: '/api/images/restore',
    summary: 'Take up to 500 photos out of the Trash, back into the albums they were in',
    description:
      'One transaction, at most 500 ids per request; a photo not in the Trash stays as it is. All or nothing ' +
      'like POST /api/images/trash: an unknown or foreign id (alike) is 404 with `details.imageIds`. A photo ' +
      'the Trash has already let go of (emptied, or past 30 days) is unknown.',
    authorized: true,
    access: ['database'],
    request: { body: bulkImageIdsBody() },
    responses: { 200: { description: 'None of them is in the Trash now', schema: trashRestoreBody } },
    errors: ['too_many_items', 'not_found'],
  },
  'list-trash': {
    method: 'GET',
    path: '/api/trash',
    summary: "The caller's Trash: photos most recently trashed first, each with when it goes for good",
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { query: listImagesQuery() },
    responses: {
      200: { description: 'One page; `nextCursor` is null on the last', schema: trashPageBody },
    },
    errors: ['invalid_cursor'],
  },
  'empty-trash': {
    method: 'DELETE',
    path: '/api/trash',
    summary: 'Empty the Trash now: photos, their records and their files, for good',
    description:
      'Deletes up to 500 photos per call, for about 8 seconds at most (files first, so nothing is left ' +
      'behind); `remaining` says how many are still in the Trash: call again while it is above 0.',
    authorized: true,
    access: ['database', 'delete-photos'],
    responses: { 200: { description: 'What was deleted and what is left', schema: trashEmptiedBody } },
    errors: [],
  },
  'list-images': {
    method: 'GET',
    path: '/api/images',
    summary:
      "The library: the caller's ready photos (not those in the Trash) as a timeline, with their albums",
    description:
      'Newest taken first (a photo without a date sits at its upload time), then by id. `before=2026-05` ' +
      'starts at the newest photo taken in May 2026 or earlier (a jump of the date scrubber); `months` ' +
      'names every month that holds photos, whatever the page, and comes only with a page asked for ' +
      'without `cursor` (the next pages leave it out). `cursor` and `before` do not go together.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { query: libraryQuery() },
    responses: {
      200: { description: 'One page; `nextCursor` is null on the last', schema: libraryPageBody },
    },
    errors: ['invalid_cursor'],
  },
  search: {
    method: 'GET',
    path: '/api/search',
    summary: "Find the caller's photos by words and filters",
    description:
      'Every word of `q` must match, as the start of a word (`lisb` finds Lisbon), ignoring case and accents ' +
      "(`sao paulo` finds São Paulo), in the photo's caption, tags, town, country, camera or file name, or in " +
      'the title or description of one of your albums holding it. Filters narrow it further, all together: ' +
      '`from`/`to` (days taken, inclusive; photos without a date are outside every range), `country` and ' +
      '`town` and `make` and `model` (exact values, as GET /api/search/filters lists them), `person` (one of ' +
      "your people; anyone else's finds nothing), `album` (one of your albums, or `none`: in none). An empty " +
      'parameter is absent. Only your ready photos out of the Trash; newest taken first like GET /api/images ' +
      '(a photo without a date sits at its upload time), with the same items and an opaque `cursor`. A ' +
      '`q` without any letter or digit finds nothing. Two SQL statements per page with words, one without.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { query: searchQuery() },
    responses: {
      200: { description: 'One page; `nextCursor` is null on the last', schema: searchPageBody },
    },
    errors: ['invalid_cursor'],
  },
  'search-filters': {
    method: 'GET',
    path: '/api/search/filters',
    summary: "What the caller's library can be filtered by: places, cameras, people, the date span",
    description:
      'Each with how many of your ready photos out of the Trash it holds, most first. Places are towns with ' +
      'at least one located photo, at the mean of their located photos (rounded to about 100 m) — what the ' +
      'map shows; people are those not hidden.',
    authorized: true,
    access: ['database'],
    responses: { 200: { description: 'The choices', schema: searchFilterChoicesBody } },
    errors: [],
  },
  'list-similar-images': {
    method: 'GET',
    path: '/api/images/similar',
    summary: "Groups of near-duplicate photos in the caller's library, for review",
    description:
      'Bursts, re-saves, resizes and light edits of one picture (the rule: docs/content.md). The newest ' +
      `${SIMILAR_SCAN_LIMIT} ready photos not in the Trash are compared; at most ${MAX_SIMILAR_GROUPS} ` +
      'groups are answered, those with the newest photos first, each best photo first (most pixels, then ' +
      'bytes, then the earliest upload). Keep one and move the rest to the Trash; the next groups then come up.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    responses: { 200: { description: 'The groups', schema: similarGroupsBody } },
    errors: [],
  },
  'get-settings': {
    method: 'GET',
    path: '/api/settings',
    summary: "The caller's settings",
    authorized: true,
    access: ['database'],
    responses: { 200: { description: 'The settings', schema: settingsBody } },
    errors: [],
  },
  'update-settings': {
    method: 'PATCH',
    path: '/api/settings',
    summary: "Change the caller's settings",
    description:
      'People recognition: on, photos uploaded from now on are read for faces, grouped into people on this ' +
      'account only; off, every face and person stored for the caller is deleted at once.',
    authorized: true,
    access: ['database'],
    request: { body: updateSettingsBody() },
    responses: { 200: { description: 'The settings as they are now', schema: settingsBody } },
    errors: [],
  },
  'list-people': {
    method: 'GET',
    path: '/api/people',
    summary: "The people in the caller's photos, for the People screen",
    description:
      'Each person found in at least one photo in the library (organized, not in the Trash), most photos ' +
      'first, with their largest face there as the cover (`box` in fractions of the thumbnail). Hidden ' +
      'people are listed too (`hidden: true`) so they can be shown again. With people recognition off ' +
      '(GET /api/settings) `enabled` is false and there are none.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    responses: { 200: { description: 'The people', schema: peopleBody } },
    errors: [],
  },
  'update-person': {
    method: 'PATCH',
    path: '/api/people/{personId}',
    summary: 'Name (or un-name, with null) a person, or hide or show them',
    description:
      'The name is trimmed, control and bidirectional-control characters are taken out, and 1 to 60 ' +
      'characters must be left. Hiding a person keeps their faces: photos of them taken later still join ' +
      'them rather than making someone new.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: { personId: id() }, body: updatePersonBody() },
    responses: { 200: { description: 'The person as they are now', schema: personBody } },
    errors: ['invalid_person_id', 'not_found'],
  },
  'merge-people': {
    method: 'POST',
    path: '/api/people/{personId}/merge',
    summary: 'Merge a person into another: the same person, found twice',
    description:
      'Every face of the person in the path moves to `into`, whose likeness is recomputed from all of them ' +
      '(faces read later are compared with that), and the person in the path is deleted. `into` keeps its ' +
      "name, or takes the other's when it has none. One transaction.",
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: { personId: id() }, body: mergePeopleBody() },
    responses: { 200: { description: 'The person kept (`into`) as they are now', schema: personBody } },
    errors: ['invalid_person_id', 'not_found'],
  },
  'invite-member': {
    method: 'POST',
    path: '/api/albums/{albumId}/members',
    summary: 'Invite someone to one of your albums as a viewer or a contributor',
    description:
      '`handle` is a username locally and an email address in AWS (a new address is sent an invitation to ' +
      'sign up). The invitee sees it in GET /api/invitations and accepts or declines. A handle that can name ' +
      'nobody is 404, whatever the reason. Viewers see the album; contributors also add their own photos and ' +
      'take out only those.',
    authorized: true,
    access: ['database', 'directory'],
    request: { params: ALBUM_ID, body: inviteMemberBody() },
    responses: { 201: { description: 'Invited', schema: memberBody } },
    errors: [
      'invalid_album_id',
      'not_found',
      'invite_self',
      'already_member',
      'too_many_members',
      'too_many_invitations',
    ],
  },
  'list-members': {
    method: 'GET',
    path: '/api/albums/{albumId}/members',
    summary: "Your album's members, invited and accepted",
    authorized: true,
    access: ['database'],
    request: { params: ALBUM_ID },
    responses: { 200: { description: 'Oldest invitation first', schema: membersBody } },
    errors: ['invalid_album_id', 'not_found'],
  },
  'remove-member': {
    method: 'DELETE',
    path: '/api/albums/{albumId}/members/{userId}',
    summary:
      'Remove a member of your album (or withdraw an invitation); `me` leaves an album shared with you',
    description:
      "The member's photos leave the album with them (they stay in the member's library), in the same " +
      'transaction.',
    authorized: true,
    access: ['database'],
    request: { params: { ...ALBUM_ID, userId: galleryUserId() } },
    responses: { 204: { description: 'Gone' } },
    errors: ['invalid_album_id', 'invalid_user_id', 'not_found'],
  },
  'list-invitations': {
    method: 'GET',
    path: '/api/invitations',
    summary: 'Invitations to albums waiting for your answer',
    authorized: true,
    access: ['database'],
    responses: { 200: { description: 'Newest first', schema: invitationsBody } },
    errors: [],
  },
  'accept-invitation': {
    method: 'POST',
    path: '/api/invitations/{albumId}/accept',
    summary: 'Accept an invitation: the album appears under Shared with me',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID },
    responses: {
      200: { description: 'The album as Shared with me lists it', schema: sharedAlbumSummaryBody },
    },
    errors: ['invalid_album_id', 'not_found'],
  },
  'decline-invitation': {
    method: 'POST',
    path: '/api/invitations/{albumId}/decline',
    summary: 'Decline an invitation (it is forgotten; the owner may invite you again)',
    authorized: true,
    access: ['database'],
    request: { params: ALBUM_ID },
    responses: { 204: { description: 'Declined' } },
    errors: ['invalid_album_id', 'not_found'],
  },
  'list-shared-albums': {
    method: 'GET',
    path: '/api/shared-albums',
    summary: 'Shared with me: the albums you accepted, with whose they are and your role',
    authorized: true,
    access: ['database', 'sign-downloads'],
    responses: { 200: { description: 'Most recently joined first', schema: sharedAlbumsBody } },
    errors: [],
  },
  'create-share-link': {
    method: 'POST',
    path: '/api/albums/{albumId}/links',
    summary: 'Share an album: a link to its page that opens without signing in',
    description:
      'The answer holds the token (in `url` and `token`) this once: only its SHA-256 is stored, so it cannot ' +
      'be shown again. `expiresInDays`: 1 to 365, 30 when absent. `allowOriginals`: the page offers the ' +
      'original files for download (false when absent). Deleting the album revokes its links; restoring it ' +
      'does not bring them back.',
    authorized: true,
    access: ['database'],
    request: { params: ALBUM_ID, body: createShareLinkBody() },
    responses: { 201: { description: 'The link, with its token', schema: shareLinkCreatedBody } },
    errors: ['invalid_album_id', 'not_found', 'too_many_links'],
  },
  'list-share-links': {
    method: 'GET',
    path: '/api/albums/{albumId}/links',
    summary: "An album's share links, newest first (never their tokens)",
    authorized: true,
    access: ['database'],
    request: { params: ALBUM_ID },
    responses: { 200: { description: 'The links and their state', schema: shareLinksBody } },
    errors: ['invalid_album_id', 'not_found'],
  },
  'revoke-share-link': {
    method: 'DELETE',
    path: '/api/albums/{albumId}/links/{linkId}',
    summary: 'Revoke a share link: its page is a 404 from now on',
    description: 'Revoking a revoked link succeeds and changes nothing (it keeps its first date).',
    authorized: true,
    access: ['database'],
    request: { params: { ...ALBUM_ID, linkId: id() } },
    responses: { 204: { description: 'Revoked' } },
    errors: ['invalid_album_id', 'invalid_link_id', 'not_found'],
  },
  'get-shared-album': {
    method: 'GET',
    path: '/api/shared-albums/{albumId}',
    summary: 'An album shared with you, with signed photo URLs',
    description:
      "The owner's photos and the contributors', none in anyone's Trash; `yourImageIds` names the caller's.",
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID },
    responses: { 200: { description: 'The album', schema: sharedAlbumBody } },
    errors: ['invalid_album_id', 'not_found'],
  },
  'add-shared-album-images': {
    method: 'POST',
    path: '/api/shared-albums/{albumId}/images',
    summary: 'Contributors: add up to 500 of your own photos at the end of a shared album',
    description:
      'Each must be a photo of yours in the library (uploaded, readable, not in the Trash); those already ' +
      'there stay where they are. All or nothing, naming the ids that cannot go in.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID, body: bulkImageIdsBody() },
    responses: { 200: { description: 'The album as it is now', schema: sharedAlbumBody } },
    errors: [
      'invalid_album_id',
      'too_many_items',
      'not_found',
      'not_contributor',
      'image_not_ready',
      'image_in_trash',
    ],
  },
  'remove-shared-album-images': {
    method: 'POST',
    path: '/api/shared-albums/{albumId}/images/remove',
    summary: 'Contributors: take up to 500 of your own photos out of a shared album',
    description:
      "All or nothing like POST /api/images/trash: an id that is not one of the caller's photos (the owner's, " +
      "another member's, made up: alike) is 404 naming it in `details.imageIds`, and nothing changes. Own " +
      'photos not in the album are skipped.',
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID, body: bulkImageIdsBody() },
    responses: { 200: { description: 'The album as it is now', schema: sharedAlbumBody } },
    errors: ['invalid_album_id', 'too_many_items', 'not_found', 'not_contributor'],
  },
  'get-album-page': {
    method: 'GET',
    path: '/api/albums/{albumId}/page',
    summary: "An album's page: its design (stored, or the offline one made now) and its design job",
    description:
      'The design is data, never markup: a layout from a fixed set, a palette, a headline, an introduction, ' +
      'lead photos and sections, validated whoever wrote it and checked against the album as it is now ' +
      '(every photo shown once). Owner only.',
    authorized: true,
    access: ['database'],
    request: { params: ALBUM_ID },
    responses: { 200: { description: 'The page', schema: albumPageBody } },
    errors: ['invalid_album_id', 'not_found'],
  },
  'update-album-page': {
    method: 'PATCH',
    path: '/api/albums/{albumId}/page',
    summary: "Write the page's headline and/or introduction by hand",
    description: 'Designing the page again keeps what the owner wrote. Owner only.',
    authorized: true,
    access: ['database'],
    request: { params: ALBUM_ID, body: updateAlbumPageBody() },
    responses: { 200: { description: 'The page as it is now', schema: albumPageBody } },
    errors: ['invalid_album_id', 'not_found'],
  },
  'generate-album-page': {
    method: 'POST',
    path: '/api/albums/{albumId}/page/generate',
    summary: "Design the album's page again (queued: one model call, its cost recorded)",
    description:
      'Answers at once with the page and its job (`job.status` queued); asking again while a design is ' +
      'queued or running answers that one. Without a model key, or when the model fails, the offline ' +
      'design is stored. Owner only.',
    authorized: true,
    access: ['database', 'enqueue-jobs'],
    request: { params: ALBUM_ID },
    responses: { 202: { description: 'The design is queued; follow `job.status`', schema: albumPageBody } },
    errors: ['invalid_album_id', 'not_found'],
  },
  'get-shared-page': {
    method: 'GET',
    path: '/s/{token}',
    summary: "A shared album's page (HTML), opened with a share link's token",
    description:
      'No script; a Content-Security-Policy that allows only the stylesheet and the photo storage. Photo URLs ' +
      'are signed as of the start of the minute for 15 minutes (14 to 15 from the request); originals only ' +
      "when the link allows them, and only the owner's own photos. A made-up, malformed, expired or revoked " +
      'token, and a deleted album, are the same 404 page.',
    authorized: false,
    publicBecause:
      'it is the page a share link opens for people without an account; the unguessable token (256 bits, ' +
      'stored hashed, revocable, expiring) is the authorization, and it reveals that one album only.',
    access: ['database', 'sign-downloads'],
    throttle: PUBLIC_ROUTE_THROTTLE,
    request: { params: { token: shareToken() } },
    responses: {
      200: {
        description: 'The page',
        mediaType: 'text/html',
        headers: { ...SHARED_PAGE_HEADERS, 'Content-Security-Policy': 'No script; images from storage only' },
      },
      404: { description: 'The link does not work (one page whatever the reason)', mediaType: 'text/html' },
    },
    errors: [],
  },
  'get-shared-link': {
    method: 'GET',
    path: '/api/shared/{token}',
    summary: "A shared album's data: title, page design and photos with short-lived URLs",
    description:
      'What GET /s/{token} renders, as JSON. Photo URLs are signed as of the start of the minute for 15 ' +
      'minutes and all stop working at `urlsExpireAt` (14 to 15 minutes from the request): reload before it. ' +
      "`originalUrl` only when the link allows originals and the photo is the owner's own (a contributor's " +
      'photo: null). A photo with no preview shows its thumbnail, never its original. Any token that opens nothing is the same 404.',
    authorized: false,
    publicBecause:
      'it is the data of the page a share link opens for people without an account; the token is the ' +
      'authorization, and it reveals that one album only.',
    access: ['database', 'sign-downloads'],
    throttle: PUBLIC_ROUTE_THROTTLE,
    request: { params: { token: shareToken() } },
    responses: {
      200: { description: 'The album', schema: sharedLinkAlbumBody, headers: SHARED_PAGE_HEADERS },
    },
    errors: ['not_found'],
  },
  'preview-album-page': {
    method: 'GET',
    path: '/api/albums/{albumId}/page/preview',
    summary: "The album's page as a share link shows it (HTML), for the owner's preview",
    authorized: true,
    access: ['database', 'sign-downloads'],
    request: { params: ALBUM_ID },
    responses: { 200: { description: 'The page', mediaType: 'text/html' } },
    errors: ['invalid_album_id', 'not_found'],
  },
} as const satisfies Record<string, RouteDefinition>;

export type Manifest = typeof manifest;
export type RouteName = keyof Manifest;

/** The adapters a route's code may read, by the names RouteAdapters gives them. */
export type AdaptersOf<N extends RouteName> = NonNullable<
  (typeof ACCESS_ADAPTERS)[Manifest[N]['access'][number]]
>;

export type NamedRoute = RouteDefinition & { readonly name: RouteName };

/** Every route, in the manifest's order. */
export const routes: readonly NamedRoute[] = Object.entries(manifest).map(([name, route]) => ({
  name: name as RouteName,
  ...(route as RouteDefinition),
}));

/**
 * Where strangers reach shared albums without signing in — the public routes with a throttle, up to
 * their first parameter (`/s/`, `/api/shared/`): CloudFront's public behaviors and the optional WAF rule
 * are made from it, so a new public sharing route is covered by both.
 */
export const SHARED_PATH_PREFIXES: readonly string[] = routes
  .filter((route) => !route.authorized && route.throttle)
  .map((route) => route.path.slice(0, route.path.indexOf('{')));
