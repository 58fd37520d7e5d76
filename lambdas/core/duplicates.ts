/**
 * The same file twice: what the user is told. The upload request answers a file whose SHA-256 is
 * already in the library without an upload URL; ingest rejects bytes that do not match the hash the
 * uploader announced, and a copy of a photo already in the library that came without a hash.
 */

/** The answer for a file already in the library (upload request). */
export const ALREADY_IN_LIBRARY = 'already in your library';

/** Ingest's reason for rejecting a second copy of a photo in the library. */
export function duplicateReason(originalFilename: string): string {
  return `${ALREADY_IN_LIBRARY} (as ${originalFilename})`;
}

/** Ingest's reason for rejecting bytes whose SHA-256 is not the one announced with the upload request. */
export const CHECKSUM_MISMATCH_REASON =
  "the uploaded bytes do not match the file's checksum; upload it again";
