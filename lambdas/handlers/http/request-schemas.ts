/**
 * What each route accepts: its body, query and path parameters, in one module that the handlers
 * validate with and the route manifest documents (OpenAPI). Limits come from the core.
 *
 * Each schema is a function (a handler builds its own once, in create()): esbuild drops unused
 * functions, while unused top-level `z.object(...)` calls would stay in every route's bundle.
 */
import * as z from 'zod/mini';
import { MAX_HANDLE_LENGTH, MEMBER_ROLES } from '../../core/album-members.ts';
import { PAGE_LIMITS } from '../../core/album-page.ts';
import { ID_PATTERN } from '../../core/ids.ts';
import { PERSON_NAME_MAX } from '../../core/people.ts';
import { MAX_SEARCH_TEXT } from '../../core/search.ts';
import { SHARE_LINK_DAYS } from '../../core/share-links.ts';
import {
  LAST_MODIFIED_MAX,
  MAX_BULK_PHOTOS,
  MAX_FILE_BYTES,
  MAX_FILENAME_LENGTH,
  MAX_FILES_PER_REQUEST,
  MAX_IMAGES_PER_JOB,
  SHA256_HEX,
  TOO_MANY_FILES_MESSAGE,
  TOO_MANY_PHOTOS_MESSAGE,
} from '../../core/upload-policy.ts';
import { MAX_ALBUM_DESCRIPTION_LENGTH, MAX_ALBUM_TITLE_LENGTH } from '../../core/use-cases/edit-albums.ts';
import { DEFAULT_LIBRARY_PAGE, MAX_LIBRARY_PAGE } from '../../core/use-cases/library.ts';
import { MAX_MERGE_ALBUMS } from '../../core/use-cases/organize-by-hand.ts';
import { DEFAULT_SEARCH_PAGE, MAX_SEARCH_PAGE } from '../../core/use-cases/search.ts';

/** An id (a UUID as the core parses it), lower-cased as it is read. */
export const id = () => z.string().check(z.regex(ID_PATTERN, 'must be a UUID'), z.toLowerCase());

const ONE_LINE = /^[^\p{Cc}]*$/u;

export function generateUploadUrlsBody() {
  return z.object({
    files: z
      .array(
        z.object({
          name: z
            .string()
            .check(
              z.trim(),
              z.minLength(1),
              z.maxLength(MAX_FILENAME_LENGTH),
              z.regex(ONE_LINE, 'must be a file name without control characters'),
            ),
          contentType: z.string().check(z.minLength(1), z.maxLength(100)),
          size: z
            .int()
            .check(
              z.minimum(1, 'must be at least 1 byte'),
              z.maximum(MAX_FILE_BYTES, `must be at most ${MAX_FILE_BYTES} bytes`),
            ),
          // The browser's File.lastModified and the device's UTC offset then: the photo's date of last
          // resort, used only when neither its EXIF nor its file name has one.
          lastModified: z.optional(
            z.int().check(z.minimum(0), z.maximum(LAST_MODIFIED_MAX, 'must be milliseconds since 1970')),
          ),
          utcOffsetMinutes: z.optional(
            z
              .int()
              .check(z.minimum(-840, 'must be within ±14 hours'), z.maximum(840, 'must be within ±14 hours')),
          ),
          // The file's SHA-256: a file already in the library gets no upload URL, and the URL of one that
          // is not signs the checksum, so storage verifies the bytes.
          sha256: z.optional(
            z.string().check(z.regex(SHA256_HEX, "must be the file's SHA-256 as 64 lower-case hex digits")),
          ),
        }),
      )
      .check(z.minLength(1), z.maxLength(MAX_FILES_PER_REQUEST, TOO_MANY_FILES_MESSAGE)),
  });
}

// Keys come from generate-urls and are printable ASCII; anything else (a NUL byte, which PostgreSQL
// cannot even store in text) is a malformed request, not a key to look up.
const storageKey = () =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(1024),
      z.regex(/^[\x21-\x7e]+$/, 'must be a storage key returned by POST /api/uploads/generate-urls'),
    );

export function processGalleryBody() {
  return z.object({
    imageKeys: z
      .array(storageKey())
      .check(z.minLength(1), z.maxLength(MAX_IMAGES_PER_JOB, TOO_MANY_PHOTOS_MESSAGE)),
  });
}

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export function processGalleryHeaders() {
  return z.object({
    'idempotency-key': z.optional(z.string().check(z.regex(IDEMPOTENCY_KEY))),
  });
}

export function galleryUserId() {
  return z.union([z.literal('me'), id()]);
}

const albumTitle = () =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty'),
      z.maxLength(MAX_ALBUM_TITLE_LENGTH),
      z.regex(ONE_LINE, 'must be one line without control characters'),
    );

const albumDescription = () =>
  z.string().check(
    z.trim(),
    z.maxLength(MAX_ALBUM_DESCRIPTION_LENGTH),
    // Line breaks and tabs are text; a NUL or other control character is not (and PostgreSQL
    // cannot store a NUL at all).
    z.regex(/^(?:[^\p{Cc}]|[\n\r\t])*$/u, 'must not contain control characters other than line breaks'),
  );

/** Photo ids for a bulk request: the limit is said in words, with what to do about it. */
const photoIds = (minimum: number) =>
  z
    .array(id())
    .check(
      z.minLength(minimum, 'must name at least one photo'),
      z.maxLength(
        MAX_BULK_PHOTOS,
        `one request takes at most ${MAX_BULK_PHOTOS} photos: send the rest in another request`,
      ),
    );

export function updateAlbumBody() {
  return z
    .strictObject({
      title: z.optional(albumTitle()),
      themeDescription: z.optional(albumDescription()),
      coverImageId: z.optional(id()),
    })
    .check(
      z.refine((changes) => Object.keys(changes).length > 0, {
        message: 'give at least one of title, themeDescription, coverImageId',
      }),
    );
}

export function createAlbumBody() {
  return z.strictObject({
    title: albumTitle(),
    themeDescription: z.optional(albumDescription()),
    /** The album's photos in order (the first is the cover); none makes an empty album. */
    imageIds: z.optional(photoIds(0)),
  });
}

export function mergeAlbumsBody() {
  return z.strictObject({
    /** The albums folded into the one in the path, in the order their photos are appended. */
    albumIds: z
      .array(id())
      .check(
        z.minLength(1, 'must name at least one album'),
        z.maxLength(MAX_MERGE_ALBUMS, `one merge takes at most ${MAX_MERGE_ALBUMS} albums`),
      ),
  });
}

export function removeAlbumImagesBody() {
  return z.strictObject({ imageIds: photoIds(1) });
}

export function updateSettingsBody() {
  return z
    .strictObject({
      peopleRecognition: z.optional(z.boolean()),
    })
    .check(
      z.refine((changes) => Object.keys(changes).length > 0, {
        message: 'give peopleRecognition',
      }),
    );
}

/**
 * A person's new name and/or visibility. The name is cleaned and its length checked by the core
 * (cleanPersonName): here only its type, and a bound on what is worth reading at all.
 */
export function updatePersonBody() {
  return z
    .strictObject({
      name: z.optional(
        z.nullable(
          z.string().check(z.maxLength(PERSON_NAME_MAX * 4, `must be at most ${PERSON_NAME_MAX} characters`)),
        ),
      ),
      hidden: z.optional(z.boolean()),
    })
    .check(
      z.refine((changes) => Object.keys(changes).length > 0, {
        message: 'give at least one of name, hidden',
      }),
    );
}

export function mergePeopleBody() {
  return z.strictObject({
    /** The person kept: every face of the person in the path moves to them. */
    into: id(),
  });
}

/** One photo (`imageId`, the original form) or many (`imageIds`), added here or moved from `fromAlbumId`. */
export function addAlbumImageBody() {
  return z
    .strictObject({
      imageId: z.optional(id()),
      imageIds: z.optional(photoIds(1)),
      fromAlbumId: z.optional(id()),
    })
    .check(
      z.refine((body) => (body.imageId === undefined) !== (body.imageIds === undefined), {
        message: 'give either imageId (one photo) or imageIds (many), not both',
      }),
    );
}

export function listImagesQuery() {
  return z.object({
    limit: z._default(
      z.pipe(
        z.string().check(z.regex(/^\d{1,4}$/, 'must be a whole number')),
        z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(MAX_LIBRARY_PAGE))),
      ),
      DEFAULT_LIBRARY_PAGE,
    ),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  });
}

/** The library's query: a page as the Trash's, or `before` a month ('2026-05') to start there. */
export function libraryQuery() {
  return z.object({
    ...listImagesQuery().shape,
    before: z.optional(
      z.string().check(z.regex(/^[1-9]\d{3}-(0[1-9]|1[0-2])$/, 'must be a month, e.g. 2026-05')),
    ),
  });
}

/** The longest place, camera make or model a search filter takes. */
const MAX_SEARCH_FILTER = 200;

/**
 * A search (GET /api/search): free words and filters, each optional; an empty parameter counts as
 * absent. Days are checked for shape here and for being real days (and in order) by the use case.
 */
export function searchQuery() {
  const day = () =>
    z.optional(z.string().check(z.regex(/^[1-9]\d{3}-\d{2}-\d{2}$/, 'must be a day, e.g. 2026-05-01')));
  const value = (max: number) =>
    z.optional(
      z.string().check(z.maxLength(max), z.regex(ONE_LINE, 'must be one line without control characters')),
    );
  return z.object({
    q: value(MAX_SEARCH_TEXT),
    from: day(),
    to: day(),
    country: value(MAX_SEARCH_FILTER),
    town: value(MAX_SEARCH_FILTER),
    make: value(MAX_SEARCH_FILTER),
    model: value(MAX_SEARCH_FILTER),
    person: z.optional(id()),
    album: z.optional(z.union([z.literal('none'), id()])),
    limit: z._default(
      z.pipe(
        z.string().check(z.regex(/^\d{1,4}$/, 'must be a whole number')),
        z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(MAX_SEARCH_PAGE))),
      ),
      DEFAULT_SEARCH_PAGE,
    ),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  });
}

/** The photos a bulk Trash request names: 1 to MAX_BULK_PHOTOS ids (a repeat counts once). */
export function bulkImageIdsBody() {
  return z.strictObject({ imageIds: photoIds(1) });
}

/** Inviting a member (issue 17): who (a username locally, an email address in AWS) and as what. */
export function inviteMemberBody() {
  return z.strictObject({
    handle: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'must not be empty'),
        z.maxLength(MAX_HANDLE_LENGTH),
        z.regex(ONE_LINE, 'must be one line without control characters'),
      ),
    role: z._default(z.enum(MEMBER_ROLES), 'viewer'),
  });
}

/** At most `limit` characters counted as Unicode code points, as PAGE_LIMITS counts them. */
const codePoints = (limit: number) =>
  z.refine<string>((value) => Array.from(value).length <= limit, {
    message: `must be at most ${limit} characters`,
  });

/** The owner's own words for an album's page; absent fields stay as they are. */
export function updateAlbumPageBody() {
  return z
    .strictObject({
      headline: z.optional(
        z
          .string()
          .check(
            z.trim(),
            z.minLength(1, 'must not be empty'),
            codePoints(PAGE_LIMITS.headline),
            z.regex(ONE_LINE, 'must be one line without control characters'),
          ),
      ),
      introduction: z.optional(
        z
          .string()
          .check(
            z.trim(),
            codePoints(PAGE_LIMITS.introduction),
            z.regex(
              /^(?:[^\p{Cc}]|[\n\r\t])*$/u,
              'must not contain control characters other than line breaks',
            ),
          ),
      ),
    })
    .check(
      z.refine((changes) => Object.keys(changes).length > 0, {
        message: 'give at least one of headline, introduction',
      }),
    );
}

/** A new share link: days until it expires (SHARE_LINK_DAYS) and whether originals may be downloaded. */
export function createShareLinkBody() {
  return z.strictObject({
    expiresInDays: z.optional(
      z
        .int()
        .check(
          z.minimum(SHARE_LINK_DAYS.min, `must be ${SHARE_LINK_DAYS.min} to ${SHARE_LINK_DAYS.max} days`),
          z.maximum(SHARE_LINK_DAYS.max, `must be ${SHARE_LINK_DAYS.min} to ${SHARE_LINK_DAYS.max} days`),
        ),
    ),
    allowOriginals: z.optional(z.boolean()),
  });
}

/**
 * A share link's token as the path carries it: 43 base64url characters when it is one of ours. Only
 * documented: the public routes look up any text by its hash, so a wrong shape is the same 404.
 */
export function shareToken() {
  return z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/));
}
