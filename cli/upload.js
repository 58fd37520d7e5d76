// @ts-check
/**
 * `momentarium upload <folder>`: find the photos, hash each one (SHA-256, streamed), ask the API for
 * upload URLs in chunks it accepts (files it already holds get no URL), PUT the rest straight to
 * storage a few at a time with exactly the headers it signed, retrying what may pass. Every file that
 * lands is written to the folder's upload state at once, so an interrupted run resumes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { backoffMs, networkReason, sleep, TRANSIENT_STATUSES } from './api-client.js';

/** The types the API accepts, by extension (its `unsupported_media_type` error refuses the rest). */
export const CONTENT_TYPES = Object.freeze({
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
});
const HASH_CONCURRENCY = 2;
const PUT_ATTEMPTS = 4;
/** A URL with less time left than this is renewed before use: a large file takes a while to send. */
const URL_MARGIN_MS = 30_000;
/** The latest file time the API takes as a date (2100-01-01); later is a broken clock, sent as none. */
const LAST_MODIFIED_MAX = 4_102_444_800_000;

/**
 * @typedef {{ path: string, file: string, size: number, mtimeMs: number, contentType: string,
 *   sha256?: string }} Photo
 * @typedef {{ file: string, reason: string }} Skipped
 * @typedef {{ status?: string, key: string, url?: string, method?: string,
 *   headers?: Record<string, string>, expiresAt?: string, imageId?: string, organized?: boolean,
 *   message?: string }} Ticket
 */

/** @param {unknown} error */
const fsReason = (error) => {
  const code = /** @type {{ code?: string }} */ (error)?.code;
  if (code === 'ENOENT') return 'could not be read: it does not exist (a broken link?)';
  if (code === 'EACCES' || code === 'EPERM') return 'could not be read: permission denied';
  return `could not be read: ${error instanceof Error ? error.message : String(error)}`;
};

/** @param {number} bytes */
export const formatBytes = (bytes) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;

/**
 * The photos under `root`, in a stable order; hidden files and folders are left alone, links to
 * folders are not followed (no loops).
 * @param {string} root @param {number} maxFileBytes
 */
export async function findPhotos(root, maxFileBytes) {
  /** @type {Photo[]} */
  const photos = [];
  /** @type {Skipped[]} */
  const skipped = [];
  let ignored = 0;

  /** @param {string} dir @param {string} relative */
  const walk = async (dir, relative) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push({ file: relative || '.', reason: `folder ${fsReason(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const file = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(path, file);
        continue;
      }
      const contentType =
        CONTENT_TYPES[/** @type {keyof CONTENT_TYPES} */ (extname(entry.name).toLowerCase())];
      if (!contentType || !(entry.isFile() || entry.isSymbolicLink())) {
        ignored++;
        continue;
      }
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        skipped.push({ file, reason: fsReason(error) });
        continue;
      }
      if (!info.isFile()) ignored++;
      else if (info.size === 0) skipped.push({ file, reason: 'is empty (0 bytes)' });
      else if (info.size > maxFileBytes) {
        skipped.push({ file, reason: `is larger than the API's ${formatBytes(maxFileBytes)} limit` });
      } else photos.push({ path, file, size: info.size, mtimeMs: info.mtimeMs, contentType });
    }
  };
  await walk(root, '');
  return { photos, skipped, ignored };
}

/** @param {string | Buffer} pathOrBytes */
export async function sha256Of(pathOrBytes) {
  const hash = createHash('sha256');
  if (typeof pathOrBytes !== 'string') return hash.update(pathOrBytes).digest('hex');
  for await (const chunk of createReadStream(pathOrBytes)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Runs `work` over `items`, `concurrency` at a time, until done or `stopped()`.
 * @template T @param {T[]} items @param {number} concurrency
 * @param {(item: T) => Promise<void>} work @param {() => boolean} stopped
 */
export async function runPool(items, concurrency, work, stopped) {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopped()) await work(/** @type {T} */ (items[next++]));
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * What the API is told about a file: its name (no folders, no control characters, at most 255
 * characters), type, size, SHA-256, and its time as a date of last resort.
 * @param {Photo} photo
 */
export function describeFile(photo) {
  let name = basename(photo.file).replace(/\p{Cc}/gu, '_');
  if (name.length > 255) {
    const extension = extname(name).slice(0, 16);
    name = name.slice(0, 255 - extension.length) + extension;
  }
  const lastModified = Math.trunc(photo.mtimeMs);
  return {
    name,
    contentType: photo.contentType,
    size: photo.size,
    sha256: photo.sha256,
    ...(lastModified > 0 && lastModified <= LAST_MODIFIED_MAX
      ? { lastModified, utcOffsetMinutes: -new Date(lastModified).getTimezoneOffset() }
      : {}),
  };
}

/**
 * @param {{
 *   client: import('./api-client.js').ApiClient,
 *   state: import('./upload-state.js').UploadState,
 *   limits: import('./limits.js').Limits,
 *   folder: string,
 *   concurrency: number,
 *   progress: import('./output.js').Progress,
 *   stopped: () => boolean,
 * }} context
 */
export async function uploadFolder({ client, state, limits, folder, concurrency, progress, stopped }) {
  const found = await findPhotos(folder, limits.maxFileBytes);
  const skipped = [...found.skipped];
  progress.line(
    `Found ${found.photos.length} photo(s) in ${folder}` +
      (found.ignored ? ` (${found.ignored} other file(s) ignored)` : ''),
  );

  // 1. Hash, unless the state already knows this file at this size and time.
  let hashedCount = 0;
  await runPool(
    found.photos,
    HASH_CONCURRENCY,
    async (photo) => {
      const known = state.files.get(photo.file);
      if (known && known.size === photo.size && known.mtimeMs === photo.mtimeMs) photo.sha256 = known.sha256;
      else {
        try {
          photo.sha256 = await sha256Of(photo.path);
        } catch (error) {
          skipped.push({ file: photo.file, reason: fsReason(error) });
        }
      }
      progress.update(`Hashing ${++hashedCount}/${found.photos.length}`);
    },
    stopped,
  );
  const hashed = found.photos.filter((photo) => photo.sha256);
  // Photos an interrupt kept from being hashed (neither hashed nor skipped as unreadable).
  const notHashed = found.photos.length - hashed.length - (skipped.length - found.skipped.length);

  // 2. Sort out what is already done, and identical files in the folder (sent once).
  /** @type {Photo[]} */
  const alreadyUploaded = [];
  /** @type {Map<string, { key?: string, copies: Photo[], sent?: Photo }>} */
  const byHash = new Map();
  for (const photo of hashed) {
    const sha256 = /** @type {string} */ (photo.sha256);
    const group = byHash.get(sha256) ?? { copies: [] };
    byHash.set(sha256, group);
    const known = state.files.get(photo.file);
    if (known && known.sha256 === sha256 && known.size === photo.size && known.mtimeMs === photo.mtimeMs) {
      alreadyUploaded.push(photo);
      group.key ??= known.key;
    } else group.copies.push(photo);
  }
  /** @type {Photo[]} */
  const toSend = [];
  for (const group of byHash.values()) {
    if (group.key === undefined && group.copies.length > 0) {
      group.sent = /** @type {Photo} */ (group.copies.shift());
      toSend.push(group.sent);
    }
  }

  /** @type {Photo[]} */
  const uploaded = [];
  /** @type {(Photo & { organized: boolean })[]} */
  const inLibrary = [];
  /** @type {Skipped[]} */
  const failed = [];
  /** Files of `toSend` with an outcome (landed, in the library, or failed). */
  const settled = new Set();

  /** @param {Photo[]} photos @returns {Promise<Ticket[]>} */
  const requestTickets = async (photos) => {
    const { body } = await client.request('/api/uploads/generate-urls', {
      body: { files: photos.map(describeFile) },
    });
    return body.uploads;
  };

  /** @param {Photo} photo @param {Ticket} ticket */
  const settleDuplicate = async (photo, ticket) => {
    inLibrary.push({ ...photo, organized: ticket.organized === true });
    await state.recordFile({
      file: photo.file,
      size: photo.size,
      mtimeMs: photo.mtimeMs,
      sha256: /** @type {string} */ (photo.sha256),
      key: ticket.key,
      via: 'library',
      organized: ticket.organized === true,
      ...(ticket.imageId ? { imageId: ticket.imageId } : {}),
    });
  };

  /** @param {Photo} photo @param {Ticket} first */
  const send = async (photo, first) => {
    let ticket = first;
    for (let attempt = 1; ; attempt++) {
      if (Date.parse(ticket.expiresAt ?? '') - Date.now() < URL_MARGIN_MS) {
        ticket = /** @type {Ticket} */ ((await requestTickets([photo]))[0]);
        if (ticket.status === 'duplicate') return settleDuplicate(photo, ticket);
      }
      const bytes = await readFile(photo.path);
      // The checksum was announced (and signed) from the hash: bytes that changed since would be refused.
      if (bytes.length !== photo.size || (await sha256Of(bytes)) !== photo.sha256) {
        throw new Error('it changed while being uploaded; run the upload again');
      }
      let status = 0;
      let reason = '';
      try {
        const response = await fetch(/** @type {string} */ (ticket.url), {
          method: ticket.method ?? 'PUT',
          headers: ticket.headers ?? {},
          body: bytes,
          signal: AbortSignal.timeout(60_000 + Math.ceil(photo.size / 50)),
        });
        status = response.status;
        const text = await response.text();
        if (response.ok) break;
        reason = `storage answered HTTP ${status}${storageMessage(text)}`;
      } catch (error) {
        reason = `storage could not be reached: ${networkReason(error)}`;
      }
      const retryable = status === 0 || status === 403 || TRANSIENT_STATUSES.has(status);
      if (!retryable || attempt >= PUT_ATTEMPTS) throw new Error(reason);
      // 403: most often the URL expired while the file waited; the next attempt asks for a fresh one.
      if (status === 403) ticket = { ...ticket, expiresAt: new Date(0).toISOString() };
      await sleep(backoffMs(attempt));
    }
    uploaded.push(photo);
    await state.recordFile({
      file: photo.file,
      size: photo.size,
      mtimeMs: photo.mtimeMs,
      sha256: /** @type {string} */ (photo.sha256),
      key: ticket.key,
      via: 'upload',
    });
  };

  // 3. Ask for URLs a chunk at a time (they expire after minutes), and send that chunk.
  let done = 0;
  for (let start = 0; start < toSend.length && !stopped(); start += limits.filesPerRequest) {
    const chunk = toSend.slice(start, start + limits.filesPerRequest);
    const tickets = await requestTickets(chunk);
    /** @type {{ photo: Photo, ticket: Ticket }[]} */
    const puts = [];
    for (const [index, photo] of chunk.entries()) {
      const ticket = /** @type {Ticket} */ (tickets[index]);
      if (ticket.status === 'duplicate') {
        await settleDuplicate(photo, ticket);
        settled.add(photo.file);
      } else puts.push({ photo, ticket });
    }
    done += chunk.length - puts.length;
    await runPool(
      puts,
      concurrency,
      async ({ photo, ticket }) => {
        try {
          await send(photo, ticket);
        } catch (error) {
          failed.push({ file: photo.file, reason: error instanceof Error ? error.message : String(error) });
        }
        settled.add(photo.file);
        progress.update(`Uploading ${++done}/${toSend.length}`);
      },
      stopped,
    );
  }

  // 4. Identical copies in the folder take the key their twin got.
  /** @type {Photo[]} */
  const sameInFolder = [];
  let notReached = notHashed + toSend.filter((photo) => !settled.has(photo.file)).length;
  for (const group of byHash.values()) {
    const key = group.key ?? (group.sent ? state.files.get(group.sent.file)?.key : undefined);
    for (const photo of group.copies) {
      if (key === undefined) {
        if (stopped()) notReached++;
        else failed.push({ file: photo.file, reason: `same as ${group.sent?.file}, which was not uploaded` });
        continue;
      }
      sameInFolder.push(photo);
      await state.recordFile({
        file: photo.file,
        size: photo.size,
        mtimeMs: photo.mtimeMs,
        sha256: /** @type {string} */ (photo.sha256),
        key,
        via: 'folder',
      });
    }
  }
  await state.flush();
  progress.done();

  /** @param {{ file: string }} a @param {{ file: string }} b */
  const byFile = (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    folder,
    found: found.photos.length,
    ignored: found.ignored,
    uploaded: uploaded.map((photo) => photo.file),
    alreadyUploaded: alreadyUploaded.map((photo) => photo.file),
    inLibrary: inLibrary.map(({ file, organized }) => ({ file, organized })),
    sameInFolder: sameInFolder.map((photo) => photo.file),
    skipped: skipped.sort(byFile),
    failed: failed.sort(byFile),
    notReached,
    stateFile: state.path,
  };
}

/** S3's error message from its XML answer, if any. @param {string} text */
function storageMessage(text) {
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(text)?.[1];
  return message ? `: ${message}` : '';
}

/** @typedef {Awaited<ReturnType<typeof uploadFolder>>} UploadSummary */
