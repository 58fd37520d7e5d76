/**
 * A drop of any size, as plain functions (no DOM, no network), so they are unit-tested in Node:
 * splitting the photos to organize into jobs the API accepts, the one progress line the upload screen
 * shows from the first hash to the last job, and the sentences the user reads when the server refuses
 * something — never a raw validation message.
 */
import { formatBytes } from './dom.js';
import { LIMITS } from './limits.js';

/**
 * The keys in consecutive parts of at most `limit`, as even as possible (600 → 300 + 300, not
 * 500 + 100): each part is one job, and a model sorts a balanced batch better than a leftover one.
 * Order is kept, so photos taken together stay in the same part where they can.
 */
export function splitIntoParts(keys, limit = LIMITS.maxImagesPerJob) {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer`);
  const count = Math.ceil(keys.length / limit);
  const parts = [];
  let start = 0;
  for (let index = 0; index < count; index++) {
    const size = Math.ceil((keys.length - start) / (count - index));
    parts.push(keys.slice(start, start + size));
    start += size;
  }
  return parts;
}

const number = (value) => value.toLocaleString('en');
const counted = (count, one, many = `${one}s`) => `${number(count)} ${count === 1 ? one : many}`;
const photos = (count) => counted(count, 'photo');

/**
 * The upload screen's one progress display: what is happening now, in words, and how far it is.
 * @param totals the upload queue's totals (web/js/upload-queue.js)
 * @param organizing the organizer's progress (web/js/organize.js `progressOf`), or null before it starts
 */
export function describeProgress(totals, organizing) {
  if (organizing && organizing.phase !== 'idle') {
    const { parts, current, organizedPhotos, totalPhotos, phase } = organizing;
    const done = phase === 'completed';
    const part = parts > 1 && !done ? `part ${current + 1} of ${parts}` : '';
    const what =
      phase === 'completed'
        ? `All ${photos(totalPhotos)} organized`
        : phase === 'failed'
          ? `Organizing stopped${part ? ` at ${part}` : ''}`
          : `Organizing${part ? ` ${part}` : ''}`;
    return {
      phase: done ? 'done' : 'organizing',
      text:
        parts > 1 && !done
          ? `${what} · ${number(organizedPhotos)} of ${photos(totalPhotos)} organized`
          : what,
      value: done ? totalPhotos : organizedPhotos,
      max: Math.max(1, totalPhotos),
    };
  }
  const toUpload = totals.files - totals.duplicates - totals.repeats;
  const skipped = [
    totals.duplicates ? `${number(totals.duplicates)} already in your library` : null,
    totals.repeats ? `${counted(totals.repeats, 'file')} twice in this drop` : null,
    totals.failed ? `${number(totals.failed)} failed` : null,
  ].filter(Boolean);
  const tail = skipped.length ? ` · ${skipped.join(' · ')}` : '';
  // Why nothing moves, first: the queue waits for the connection, or for the user.
  const halted =
    totals.pending === 0
      ? ''
      : totals.offline
        ? 'Offline: uploads go on by themselves once you are back online · '
        : totals.paused
          ? 'Paused · '
          : '';
  if (totals.checking > 0) {
    const checked = totals.files - totals.checking;
    return {
      phase: 'checking',
      text: `${halted}Checking ${number(checked)} of ${photos(totals.files)} against your library${tail}`,
      value: checked,
      max: Math.max(1, totals.files),
    };
  }
  if (toUpload === 0 && totals.pending === 0) {
    return { phase: 'uploaded', text: `Nothing new to upload${tail}`, value: 1, max: 1 };
  }
  return {
    phase: totals.pending > 0 ? 'uploading' : 'uploaded',
    text:
      `${halted}${number(totals.done)} of ${photos(toUpload)} uploaded · ` +
      `${formatBytes(totals.loaded)} of ${formatBytes(totals.bytes)}${tail}`,
    value: totals.loaded,
    max: Math.max(1, totals.bytes),
  };
}

/**
 * What went wrong, as a sentence for the person uploading: server error codes and details become
 * words; a validation message (written for developers, e.g. zod's) is never shown as it is.
 */
export function explainProblem(error) {
  const status = error?.status;
  const code = error?.code;
  const details = error?.details ?? {};
  const keyCount = Array.isArray(details.keys) ? details.keys.length : 0;
  switch (code) {
    case 'network_error':
      return 'Could not reach Momentarium. Check your connection and try again.';
    case 'too_many_items':
      return Number.isInteger(details.limit)
        ? `The server takes at most ${number(details.limit)} at once, fewer than this page sent. Reload the page and try again.`
        : 'The server refused a request as too large. Reload the page and try again.';
    case 'upload_missing':
      return `${photos(keyCount || 1)} did not reach storage, so ${keyCount === 1 ? 'it' : 'they'} cannot be organized.`;
    case 'payload_too_large':
      return 'The request was too large for the server. Reload the page and try again.';
    case 'file_too_large':
      return `The file is larger than the ${formatBytes(LIMITS.maxFileBytes)} limit.`;
    case 'unsupported_media_type':
      return 'The file is not a JPEG, PNG, WebP or HEIC/HEIF photo.';
    case 'invalid_request':
    case 'invalid_json':
      return 'The server could not read this request. Reload the page and try again; if it happens again, the app may need an update.';
    case 'unauthorized':
      return 'Your session has ended. Please sign in again.';
    case 'internal_error':
      return 'Something went wrong on our side. Try again.';
  }
  if (status === 404) {
    return keyCount > 0
      ? `${photos(keyCount)} ${keyCount === 1 ? 'is' : 'are'} no longer in your library (deleted meanwhile).`
      : 'Not found: it may have been deleted, or it is not yours.';
  }
  if (status === 429) return 'The server is busy. Wait a moment and try again.';
  return error instanceof Error ? error.message : String(error);
}

/** Keys the server named as not uploaded or not found: the photos a retry cannot organize. */
export function unusableKeys(error) {
  if (error?.code !== 'upload_missing' && error?.status !== 404) return [];
  const keys = error?.details?.keys;
  return Array.isArray(keys) ? keys.filter((key) => typeof key === 'string') : [];
}
