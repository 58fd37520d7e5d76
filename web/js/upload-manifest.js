/**
 * The manifest of an upload batch: what a reload must not lose, kept in localStorage under the user's
 * name. Per file: name, size, last-modified time, SHA-256, state (done — in storage, `key` says where;
 * duplicate — the library had it, not organized yet; known — the library had it in albums; left —
 * still to send) and the storage key. No file bytes: a few hundred bytes a file, so a 2,000-photo
 * batch stays well under localStorage's 5 MB. Plain functions (no DOM), unit-tested in Node.
 */

const PREFIX = 'momentarium.uploads:';
const VERSION = 1;
/**
 * Older batches are forgotten: an upload that is never organized is let go of after about a week
 * (UNORGANIZED_ORIGINAL_DAYS in lambdas/core/upload-policy.ts; the page tells users 6 days), so an
 * older batch could no longer be finished. A day's margin.
 */
export const MAX_AGE_MS = 5 * 86_400_000;

/** The storage key of `username`'s manifest (web/js/app.js looks for it after a reload). */
export function manifestKey(username) {
  return `${PREFIX}${username ?? ''}`;
}

/**
 * The batch as it stands, or null when nothing in it would be lost by a reload: no file is still
 * being sent and every file in the library has been handed to the organizer (`handedKeys`), which
 * keeps its own record (web/js/organize.js).
 * @param items the upload queue's items (web/js/upload-queue.js)
 */
export function manifestOf(items, handedKeys = new Set()) {
  const files = [];
  let unfinished = false;
  for (const item of items) {
    const state = stateOf(item);
    if (!state || (item.key && handedKeys.has(item.key))) continue;
    if (state !== 'known') unfinished = true;
    files.push({
      name: item.name,
      size: item.size,
      lastModified: item.lastModified,
      sha256: item.sha256,
      state,
      key: state === 'left' ? null : item.key,
    });
  }
  if (!unfinished) return null;
  const startedAt = Math.min(...items.map((item) => item.addedAt).filter(Number.isFinite));
  return { version: VERSION, startedAt: Number.isFinite(startedAt) ? startedAt : Date.now(), files };
}

function stateOf(item) {
  switch (item.status) {
    case 'done':
      return item.key ? 'done' : 'left';
    case 'duplicate':
      return item.duplicate?.organized ? 'known' : 'duplicate';
    case 'checking':
    case 'waiting':
    case 'uploading':
    case 'failed':
      return 'left';
    default:
      // Cancelled, or the same bytes as another file of the batch: nothing to finish.
      return null;
  }
}

/** The entries the upload queue can put back (web/js/upload-queue.js `restore`): files in the library. */
export function restorable(manifest) {
  return (manifest?.files ?? [])
    .filter((file) => (file.state === 'done' || file.state === 'duplicate') && file.key && file.sha256)
    .map((file) => ({ ...file, status: file.state }));
}

/** How many files the batch holds, how many reached the library and how many are left to send. */
export function summarize(manifest) {
  const files = manifest?.files ?? [];
  const left = files.filter((file) => file.state === 'left').length;
  return { total: files.length, done: files.length - left, left };
}

/** The sentence that names an interrupted batch, e.g. "Your upload of 120 photos from 14:02 was interrupted: …". */
export function describeInterrupted(manifest, now = new Date()) {
  const { total, done, left } = summarize(manifest);
  const started = new Date(manifest.startedAt);
  const time = started.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const sameDay = started.toDateString() === now.toDateString();
  const when = sameDay
    ? time
    : `${started.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}, ${time}`;
  const photos = `${total.toLocaleString('en')} ${total === 1 ? 'photo' : 'photos'}`;
  const finish =
    left > 0
      ? 'Pick the same files to finish.'
      : 'All of them reached your library; they still need organizing.';
  return `Your upload of ${photos} from ${when} was interrupted: ${done.toLocaleString('en')} done, ${left.toLocaleString('en')} left. ${finish}`;
}

/** The user's saved manifest, or null (none, unreadable, too old, or from another version of the page). */
export function loadManifest(storage, username, now = Date.now()) {
  try {
    const manifest = JSON.parse(storage.getItem(manifestKey(username)) ?? 'null');
    if (manifest?.version !== VERSION || !Array.isArray(manifest.files) || manifest.files.length === 0)
      return null;
    if (!(now - manifest.startedAt < MAX_AGE_MS)) return null;
    return manifest;
  } catch {
    return null;
  }
}

/** Saves the manifest, or removes it when it is null. Storage full or blocked: uploads go on unrecorded. */
export function saveManifest(storage, username, manifest) {
  try {
    if (manifest) storage.setItem(manifestKey(username), JSON.stringify(manifest));
    else storage.removeItem(manifestKey(username));
  } catch {
    // Nothing to do: only a reload would lose track of the batch.
  }
}
