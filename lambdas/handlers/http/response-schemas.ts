/**
 * What each route answers, for the OpenAPI document: handlers build their bodies in album-body.ts and
 * job-status-body.ts, and the end-to-end tests check every real answer against the document these
 * schemas produce. Only the document's builder imports this module (so only the API description's
 * Lambda bundles it).
 */
import * as z from 'zod/mini';
import { MEMBER_ROLES } from '../../core/album-members.ts';
import { PAGE_LAYOUTS } from '../../core/album-page.ts';
import { DATE_SOURCES } from '../../core/photo-date.ts';
import { id } from './request-schemas.ts';

/** The shapes the document names (`#/components/schemas/<id>`) instead of repeating them. */
export const components = z.registry<{ id: string }>();
const named = <T extends z.ZodMiniType>(id: string, schema: T): T => {
  components.add(schema, { id });
  return schema;
};

const timestamp = () => z.iso.datetime();
const nullable = <T extends z.ZodMiniType>(schema: T) => z.nullable(schema);

export const errorBody = named(
  'Error',
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.optional(z.record(z.string(), z.unknown())),
    }),
  }),
);

export const healthBody = named(
  'Health',
  z.object({
    status: z.enum(['ok', 'degraded']),
    checks: z.record(
      z.string(),
      z.object({
        status: z.enum(['ok', 'error']),
        latencyMs: z.number(),
        error: z.optional(z.string()),
      }),
    ),
    time: timestamp(),
  }),
);

export const uploadUrlsBody = named(
  'UploadUrls',
  z.object({
    uploads: z.array(
      z.discriminatedUnion('status', [
        named(
          'UploadTicket',
          z.object({
            status: z.literal('upload'),
            key: z.string(),
            url: z.url(),
            method: z.literal('PUT'),
            headers: z.record(z.string(), z.string()),
            expiresAt: timestamp(),
          }),
        ),
        named(
          'DuplicateFile',
          z.object({
            status: z.literal('duplicate'),
            /** The photo that has these bytes: organize this key with the rest when `organized` is false. */
            key: z.string(),
            imageId: id(),
            organized: z.boolean(),
            message: z.literal('already in your library'),
          }),
        ),
      ]),
    ),
  }),
);

export const jobStatusBody = named(
  'JobStatus',
  z.object({
    jobId: id(),
    status: z.enum(['pending', 'processing', 'completed', 'failed']),
    imageCount: z.int(),
    // How many of the job's photos have been read since they landed (ingest); null where not counted.
    photosReady: nullable(z.int()),
    photosTotal: z.int(),
    createdAt: timestamp(),
    startedAt: nullable(timestamp()),
    completedAt: nullable(timestamp()),
    resultUrl: nullable(z.string()),
    error: nullable(z.string()),
    attempts: z.int(),
    organizer: nullable(z.enum(['gemini', 'offline', 'fallback'])),
    albumCount: nullable(z.int()),
    // What the job did to the albums, in words for "3 new albums, 12 photos added to 'Porto'" → Undo.
    newAlbumCount: nullable(z.int()),
    joinedAlbums: z.array(z.object({ albumId: id(), title: z.string(), added: z.int() })),
    undoneAt: nullable(timestamp()),
    undoableUntil: nullable(timestamp()),
    dateSources: nullable(z.object({ exif: z.int(), fileName: z.int(), fileTime: z.int(), none: z.int() })),
    fallbackReason: nullable(z.string()),
    tokens: nullable(z.object({ input: z.int(), output: z.int(), thinking: z.int() })),
    estimatedCostUsd: nullable(z.number()),
    rejectedImages: z.array(z.object({ key: z.string(), filename: z.string(), reason: z.string() })),
  }),
);

export const jobAcceptedBody = named(
  'JobAccepted',
  z.object({
    jobId: id(),
    status: z.enum(['pending', 'processing', 'completed', 'failed']),
    statusUrl: z.string(),
    job: jobStatusBody,
  }),
);

const signedPhoto = {
  id: id(),
  storageKey: z.string(),
  url: z.url(),
  previewUrl: z.url(),
  thumbnailUrl: z.url(),
  originalFilename: z.string(),
  contentType: z.string(),
  width: nullable(z.int()),
  height: nullable(z.int()),
  takenAt: nullable(timestamp()),
  /** Where takenAt came from: the camera (exif), the file name, or the file's time; null without a date. */
  takenAtSource: nullable(z.enum(DATE_SOURCES)),
};

export const settingsBody = named(
  'Settings',
  z.object({
    /** Faces are found in photos as they land and grouped into people; off until turned on. */
    peopleRecognition: z.boolean(),
  }),
);

export const personBody = named(
  'Person',
  z.object({
    id: id(),
    /** Given by the user; null until then. */
    name: nullable(z.string()),
    /** Hidden by the user; still listed, so it can be shown again. */
    hidden: z.boolean(),
    /** Photos in the library (organized, not in the Trash) that show the person. */
    photoCount: z.int(),
    /** The person's largest face in such a photo; null when none shows them. */
    cover: nullable(
      z.object({
        imageId: id(),
        thumbnailUrl: z.url(),
        /** The face, in fractions of the thumbnail's width and height. */
        box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
      }),
    ),
  }),
);

export const peopleBody = named(
  'People',
  z.object({
    /** The caller's people recognition setting; off, there are no people. */
    enabled: z.boolean(),
    people: z.array(personBody),
  }),
);

export const albumBody = named(
  'Album',
  z.object({
    id: id(),
    title: z.string(),
    themeDescription: z.string(),
    coverImageId: nullable(id()),
    createdAt: timestamp(),
    /** When its earliest and latest photos were taken (not counting the Trash); null when none has a date. */
    takenFrom: nullable(timestamp()),
    takenTo: nullable(timestamp()),
    /** Where most of its photos were taken (the nearest town); null when none carries a place. */
    place: nullable(z.object({ city: z.string(), country: z.string() })),
    photoCount: z.int(),
    images: z.array(z.object({ ...signedPhoto, displayOrder: z.int() })),
    /** Near duplicates among `images` (all still listed there): best photo first, two or more each. */
    stacks: z.array(z.object({ imageIds: z.array(id()) })),
  }),
);

export const galleryBody = named(
  'Gallery',
  z.object({
    userId: id(),
    albums: z.array(albumBody),
  }),
);

export const libraryPageBody = named(
  'LibraryPage',
  z.object({
    images: z.array(z.object({ ...signedPhoto, createdAt: timestamp(), albumIds: z.array(id()) })),
    nextCursor: nullable(z.string()),
    /**
     * Every month of the timeline that holds photos ('2026-05'), newest first, with how many; only on
     * a page asked for without `cursor` (the first page, or a jump with `before`).
     */
    months: z.optional(z.array(z.object({ month: z.string(), count: z.int() }))),
    /** Near duplicates among this page's `images` (all still listed there): best photo first, two or more each. */
    stacks: z.array(z.object({ imageIds: z.array(id()) })),
  }),
);

export const photoInfoBody = named(
  'PhotoInfo',
  z.object({
    id: id(),
    originalFilename: z.string(),
    contentType: z.string(),
    sizeBytes: z.int(),
    width: nullable(z.int()),
    height: nullable(z.int()),
    takenAt: nullable(timestamp()),
    /** Where takenAt came from: the camera (exif), the file name, or the file's time; null without a date. */
    takenAtSource: nullable(z.enum(DATE_SOURCES)),
    /** The nearest town to where it was taken (never the exact spot); null when the photo carries no GPS. */
    place: nullable(z.object({ city: z.string(), country: z.string() })),
    /** The camera's make and model for display, the make not repeated ("NIKON D750"); null when unknown. */
    camera: nullable(z.string()),
    /** How it was taken, as its EXIF says; each null when the file does not say. */
    exif: z.object({
      make: nullable(z.string()),
      model: nullable(z.string()),
      lens: nullable(z.string()),
      /** Shutter time in seconds (1/250 s is 0.004). */
      exposureSeconds: nullable(z.number().check(z.positive())),
      fNumber: nullable(z.number().check(z.positive())),
      iso: nullable(z.int().check(z.positive())),
      focalLengthMm: nullable(z.number().check(z.positive())),
    }),
    /** Where it was taken, rounded to about 100 m (3 decimals); never the exact GPS fix. Null without GPS. */
    location: nullable(
      z.object({
        latitude: z.number().check(z.gte(-90), z.lte(90)),
        longitude: z.number().check(z.gte(-180), z.lte(180)),
      }),
    ),
    /** A short sentence about what it shows, written when it was organized; null when there is none. */
    caption: nullable(z.string()),
    /** A few words about what it shows (at most 5), written when it was organized. */
    tags: z.array(z.string()),
    /** When it was uploaded. */
    createdAt: timestamp(),
    /** In the Trash since then; null when it is not. */
    trashedAt: nullable(timestamp()),
    /** The albums that hold it, newest album first. */
    albums: z.array(z.object({ id: id(), title: z.string() })),
  }),
);

export const trashMoveBody = named(
  'TrashMove',
  z.object({
    /** How many photos the request named (each once); all of them are in the Trash now. */
    trashed: z.int(),
    trashedAt: timestamp(),
    /** When the daily clean-up deletes them for good unless they are restored. */
    purgeAt: timestamp(),
  }),
);

export const trashRestoreBody = named(
  'TrashRestore',
  z.object({
    /** How many photos the request named (each once); none of them is in the Trash now. */
    restored: z.int(),
  }),
);

export const trashPageBody = named(
  'TrashPage',
  z.object({
    images: z.array(
      z.object({ ...signedPhoto, createdAt: timestamp(), trashedAt: timestamp(), purgeAt: timestamp() }),
    ),
    nextCursor: nullable(z.string()),
  }),
);

export const trashEmptiedBody = named(
  'TrashEmptied',
  z.object({
    /** Photos deleted for good by this call, files included. */
    deleted: z.int(),
    /** Photos still in the Trash: call again while it is above 0. */
    remaining: z.int(),
  }),
);

export const albumDeletedBody = named(
  'AlbumDeleted',
  z.object({
    albumId: id(),
    deletedAt: timestamp(),
    /** Until then POST /api/albums/{albumId}/restore brings it back; then it is forgotten. */
    restorableUntil: timestamp(),
  }),
);

export const similarGroupsBody = named(
  'SimilarGroups',
  z.object({
    /** Each group's best photo first: the one the review screen keeps unless told otherwise. */
    groups: z.array(
      z.object({
        images: z.array(z.object({ ...signedPhoto, sizeBytes: z.int(), createdAt: timestamp() })),
      }),
    ),
    /** How many of the newest photos were compared (at most `scanLimit`). */
    scannedPhotos: z.int(),
    scanLimit: z.int(),
    /** Older photos were left out of the comparison. */
    morePhotos: z.boolean(),
    /** More groups than `groupLimit` were found; the rest come up once these are reviewed. */
    moreGroups: z.boolean(),
    groupLimit: z.int(),
  }),
);

/** The OpenAPI document is itself a JSON object; its schema is OpenAPI's own. */
/** A member of an album, as its owner sees them (issue 17). */
export const memberBody = named(
  'AlbumMember',
  z.object({
    userId: id(),
    /** What the member's sign-in says of them (username or email); null until they first sign in. */
    displayName: nullable(z.string()),
    /** What the owner typed when inviting. */
    invitedAs: z.string(),
    role: z.enum(MEMBER_ROLES),
    status: z.enum(['invited', 'accepted']),
    invitedAt: timestamp(),
    respondedAt: nullable(timestamp()),
  }),
);

export const membersBody = named('AlbumMembers', z.object({ members: z.array(memberBody) }));

export const invitationsBody = named(
  'Invitations',
  z.object({
    invitations: z.array(
      z.object({
        albumId: id(),
        title: z.string(),
        ownerName: nullable(z.string()),
        role: z.enum(MEMBER_ROLES),
        invitedAt: timestamp(),
      }),
    ),
  }),
);

export const sharedAlbumSummaryBody = named(
  'SharedAlbumSummary',
  z.object({
    id: id(),
    title: z.string(),
    themeDescription: z.string(),
    ownerName: nullable(z.string()),
    role: z.enum(MEMBER_ROLES),
    photoCount: z.int(),
    cover: nullable(z.object({ id: id(), url: z.url(), previewUrl: z.url(), thumbnailUrl: z.url() })),
    joinedAt: timestamp(),
  }),
);

export const sharedAlbumsBody = named('SharedAlbums', z.object({ albums: z.array(sharedAlbumSummaryBody) }));

export const sharedAlbumBody = named(
  'SharedAlbum',
  z.object({
    ...albumBody.shape,
    ownerName: nullable(z.string()),
    role: z.enum(MEMBER_ROLES),
    /** The photos the caller added: the only ones a contributor may take out. */
    yourImageIds: z.array(id()),
  }),
);

export const openApiBody = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string() }) });

const hexColour = () => z.string().check(z.regex(/^#[0-9a-f]{6}$/));

/** An album's page: its design (never markup; the template renders it) and its design job. */
export const albumPageBody = named(
  'AlbumPage',
  z.object({
    albumId: id(),
    spec: named(
      'AlbumPageSpec',
      z.object({
        layout: z.enum(PAGE_LAYOUTS),
        palette: z.object({ background: hexColour(), text: hexColour(), accent: hexColour() }),
        headline: z.string(),
        introduction: z.string(),
        /** Shown first and large; not repeated in the sections. */
        leadImageIds: z.array(id()),
        /** Every other photo of the album, each in exactly one section. */
        sections: z.array(z.object({ title: z.string(), caption: z.string(), imageIds: z.array(id()) })),
      }),
    ),
    source: z.enum(['model', 'offline']),
    /** false: nothing is stored yet and `spec` is the offline design, computed from the album now. */
    stored: z.boolean(),
    headlineEdited: z.boolean(),
    introductionEdited: z.boolean(),
    updatedAt: nullable(timestamp()),
    job: z.object({
      status: z.enum(['idle', 'queued', 'designing', 'failed']),
      requestedAt: nullable(timestamp()),
      designedAt: nullable(timestamp()),
      attempts: z.int(),
      error: nullable(z.string()),
      model: nullable(z.string()),
      /** What the last design call was billed; null when no model was called. */
      usage: nullable(
        z.object({
          promptTokens: z.number(),
          outputTokens: z.number(),
          thoughtTokens: z.optional(z.number()),
          totalTokens: z.number(),
          estimatedCostUsd: z.optional(z.number()),
        }),
      ),
    }),
  }),
);

const shareLinkFields = {
  id: id(),
  createdAt: timestamp(),
  expiresAt: timestamp(),
  allowOriginals: z.boolean(),
};

export const shareLinkCreatedBody = named(
  'ShareLinkCreated',
  z.object({
    ...shareLinkFields,
    /** The page's address; holds the token. Shown this once: only the token's hash is stored. */
    url: z.string(),
    token: z.string(),
  }),
);

export const shareLinksBody = named(
  'ShareLinks',
  z.object({
    links: z.array(
      z.object({
        ...shareLinkFields,
        state: z.enum(['active', 'expired', 'revoked']),
        revokedAt: nullable(timestamp()),
        lastOpenedAt: nullable(timestamp()),
      }),
    ),
  }),
);

export const sharedLinkAlbumBody = named(
  'SharedLinkAlbum',
  z.object({
    title: z.string(),
    description: z.string(),
    takenFrom: nullable(timestamp()),
    takenTo: nullable(timestamp()),
    place: nullable(z.object({ city: z.string(), country: z.string() })),
    /** The page's design; photos are named by the ids in `photos`. */
    page: albumPageBody.shape.spec,
    photos: z.array(
      z.object({
        id: id(),
        previewUrl: z.string(),
        thumbnailUrl: z.string(),
        /** A download of the original; null unless the link allows originals. */
        originalUrl: nullable(z.string()),
        width: nullable(z.int()),
        height: nullable(z.int()),
        takenAt: nullable(timestamp()),
      }),
    ),
    /** Every photo URL stops working exactly then (14 to 15 minutes on): load the page again before it. */
    urlsExpireAt: timestamp(),
  }),
);

/** A page of search results: photos exactly as the library lists them (GET /api/images). */
export const searchPageBody = named(
  'SearchPage',
  z.object({
    photos: libraryPageBody.shape.images,
    nextCursor: nullable(z.string()),
  }),
);

export const searchFilterChoicesBody = named(
  'SearchFilterChoices',
  z.object({
    /**
     * Towns of the library: the mean of their located photos' locations (rounded to ~100 m; null when
     * none is located, as for photos read before locations were kept) and how many photos.
     */
    places: z.array(
      z.object({
        country: z.string(),
        town: z.string(),
        latitude: nullable(z.number()),
        longitude: nullable(z.number()),
        count: z.int(),
      }),
    ),
    cameras: z.array(z.object({ make: z.string(), model: nullable(z.string()), count: z.int() })),
    /** People not hidden, named or not, with how many photos each is in. */
    people: z.array(z.object({ personId: id(), name: nullable(z.string()), count: z.int() })),
    /** The first and last day a photo was taken (YYYY-MM-DD); null when no photo has a date. */
    takenFrom: nullable(z.string()),
    takenTo: nullable(z.string()),
  }),
);
