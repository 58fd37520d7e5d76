/**
 * The upload queue: local checks, each file's SHA-256 (in a worker), presigned URLs requested in chunks
 * as large as the server allows, PUTs straight to storage through a bounded pool with per-file
 * progress, retry with backoff, fresh URLs after a 403 (an expired URL), and cancel. A file the server
 * already has ("already in your library") or that appears twice in the queue is not uploaded. A file
 * that fails never holds up the others. XMLHttpRequest rather than fetch because only XHR reports
 * upload progress.
 */

import { formatBytes } from './dom.js';
import { explainProblem } from './drop-plan.js';
import { hashFile } from './file-hasher.js';
import { LIMITS } from './limits.js';

/** The types the server accepts, by file extension: the one storage uses, and .jpeg beside .jpg. */
const TYPES_BY_EXTENSION = {};
for (const [type, extension] of Object.entries(LIMITS.contentTypes)) {
  TYPES_BY_EXTENSION[extension] = type;
  if (extension === 'jpg') TYPES_BY_EXTENSION.jpeg = type;
}
const ALLOWED_TYPES = new Set(Object.keys(LIMITS.contentTypes));
/** The file picker's `accept`: every allowed type, then every extension. */
export const ACCEPT = [
  ...ALLOWED_TYPES,
  ...Object.keys(TYPES_BY_EXTENSION).map((extension) => `.${extension}`),
].join(',');
/** A URL with less time left than this is refreshed before use: a large file takes a while to send. */
const URL_SAFETY_MS = 60_000;

/**
 * The file's last-modified time and this device's UTC offset at that time: the server's date of last
 * resort for a photo with no date in its EXIF or its name. Left out when the browser gives none.
 */
export function fileTime(file) {
  const lastModified = file?.lastModified;
  // Outside 1970–2100 (a broken file system clock) it is no date, and the server would refuse the batch.
  if (!Number.isInteger(lastModified) || lastModified <= 0 || lastModified > LIMITS.lastModifiedMax)
    return {};
  return { lastModified, utcOffsetMinutes: -new Date(lastModified).getTimezoneOffset() };
}

/** The content type to upload the file as, or why it cannot be uploaded. */
export function checkFile(file) {
  const extension = file.name.includes('.') ? file.name.split('.').pop().toLowerCase() : '';
  // Browsers often report HEIC/HEIF with no type at all: the extension decides then.
  const declared = ALLOWED_TYPES.has(file.type) ? file.type : undefined;
  const guessed =
    !file.type || file.type === 'application/octet-stream' ? TYPES_BY_EXTENSION[extension] : undefined;
  const contentType = declared ?? guessed;
  if (!contentType) return { error: 'is not a JPEG, PNG, WebP or HEIC/HEIF photo' };
  if (file.size === 0) return { error: 'is empty (0 bytes)' };
  if (file.size > LIMITS.maxFileBytes) {
    return { error: `is larger than the ${formatBytes(LIMITS.maxFileBytes)} limit` };
  }
  return { contentType };
}

/**
 * Item statuses: checking (being hashed) → waiting → uploading → done; or duplicate (the server has
 * it: `duplicate` holds its key and whether it is organized), repeat (the same bytes as `repeatOf`,
 * earlier in the queue), failed, cancelled.
 *
 * @param options.requestUrls (files: {name, contentType, size, sha256?}[]) => Promise<answer[]>, each
 *   answer `{status:'upload', key, url, headers, expiresAt}` or `{status:'duplicate', key, imageId, organized}`
 * @param options.put (item, ticket, onProgress) => { promise, abort } — XHR by default (tests may swap it)
 * @param options.hash (file) => Promise<sha256 hex | null> — the hashing worker by default
 */
export function createUploadQueue({
  requestUrls,
  put = xhrPut,
  hash = hashFile,
  concurrency = 4,
  maxTries = 3,
  backoffMs = 500,
}) {
  const items = [];
  const listeners = new Set();
  let active = 0;
  let nextId = 1;

  const notify = () => {
    for (const listener of listeners) listener();
  };

  function add(files) {
    const rejected = [];
    const added = [];
    for (const file of files) {
      const check = checkFile(file);
      if (check.error) {
        rejected.push({ name: file.name, reason: check.error });
        continue;
      }
      const item = {
        id: nextId++,
        file,
        name: file.name.trim().slice(0, LIMITS.maxFilenameLength) || 'photo',
        size: file.size,
        contentType: check.contentType,
        thumbnailUrl: URL.createObjectURL(file),
        status: 'checking',
        sha256: null,
        hashed: false,
        duplicate: null,
        repeatOf: null,
        loaded: 0,
        error: null,
        key: null,
        ticket: null,
        ticketPromise: null,
        transfer: null,
      };
      items.push(item);
      added.push(item);
    }
    for (const item of added) checkAgainstQueue(item);
    notify();
    return rejected;
  }

  /** Hashes the file, then queues it for upload unless the same bytes are already in the queue. */
  function checkAgainstQueue(item) {
    item.status = 'checking';
    hash(item.file).then(
      (sha256) => {
        if (item.status !== 'checking') return; // cancelled or removed meanwhile
        item.sha256 = sha256;
        item.hashed = true;
        const first =
          sha256 &&
          items.find(
            (other) => other !== item && other.sha256 === sha256 && KEEPS_ITS_BYTES.has(other.status),
          );
        if (first) {
          item.status = 'repeat';
          item.repeatOf = first.name;
        } else item.status = 'waiting';
        notify();
        schedulePump();
      },
      (error) => {
        if (item.status !== 'checking') return;
        item.status = 'failed';
        item.error = error?.message ?? String(error);
        notify();
      },
    );
  }

  /**
   * Hashes that finish together are sent together: the pump runs once after them, so one URL request
   * serves all the files that became ready instead of one request each.
   */
  let pumpScheduled = false;
  function schedulePump() {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setTimeout(() => {
      pumpScheduled = false;
      pump();
    }, 0);
  }

  function pump() {
    while (active < concurrency) {
      const next = items.find((item) => item.status === 'waiting');
      if (!next) return;
      if (!next.ticket && !next.ticketPromise && !fullRequestReady()) return;
      upload(next);
    }
  }

  /**
   * Whether to ask for URLs now: once a full request's worth of files is checked, or all of them are.
   * Hashing outruns uploading, so this costs a second or two at the start of a big drop and saves a
   * request for every file or two that a hash finishing on its own would otherwise send.
   */
  function fullRequestReady() {
    if (!items.some((item) => item.status === 'checking')) return true;
    const unasked = items.filter((item) => item.status === 'waiting' && !item.ticket && !item.ticketPromise);
    return unasked.length >= LIMITS.maxFilesPerRequest;
  }

  async function upload(item) {
    active++;
    item.status = 'uploading';
    item.error = null;
    notify();
    try {
      await uploadWithRetries(item);
      if (item.duplicate) {
        item.status = 'duplicate';
        item.loaded = 0;
      } else {
        item.status = 'done';
        item.loaded = item.size;
      }
    } catch (error) {
      if (item.status !== 'cancelled') {
        item.status = 'failed';
        // The API's refusals become sentences; storage's own errors are worded already.
        item.error = error?.code ? explainProblem(error) : (error?.message ?? String(error));
      }
    } finally {
      item.transfer = null;
      active--;
      notify();
      pump();
    }
  }

  async function uploadWithRetries(item) {
    for (let attempt = 1; ; attempt++) {
      try {
        const ticket = await ticketFor(item);
        if (item.status === 'cancelled') throw new Error('cancelled');
        if (item.duplicate) return;
        item.transfer = put(item, ticket, (loaded) => {
          item.loaded = loaded;
          notify();
        });
        await item.transfer.promise;
        item.key = ticket.key;
        return;
      } catch (error) {
        if (item.status === 'cancelled') throw error;
        // 403 from storage: the URL expired (or its signature no longer holds). Ask for a new one.
        if (error?.status === 403) item.ticket = null;
        if (!isRetryable(error) || attempt >= maxTries) throw error;
        item.loaded = 0;
        notify();
        await sleep(backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
        if (item.status === 'cancelled') throw error;
      }
    }
  }

  /** One request serves as many files as the server allows: the one that asked and the next ones waiting. */
  async function ticketFor(item) {
    if (item.ticket && Date.parse(item.ticket.expiresAt) - Date.now() > URL_SAFETY_MS) return item.ticket;
    item.ticket = null;
    if (!item.ticketPromise) {
      const others = items.filter(
        (other) => other !== item && other.status === 'waiting' && !other.ticket && !other.ticketPromise,
      );
      const batch = [item, ...others].slice(0, LIMITS.maxFilesPerRequest);
      const promise = requestUrls(
        batch.map(({ name, contentType, size, file, sha256 }) => ({
          name,
          contentType,
          size,
          ...fileTime(file),
          ...(sha256 ? { sha256 } : {}),
        })),
      ).then(
        (answers) => {
          batch.forEach((member, index) => {
            const answer = answers[index] ?? null;
            member.ticketPromise = null;
            if (answer?.status === 'duplicate') {
              // The library has these bytes already: no URL, nothing to send.
              member.ticket = null;
              member.key = answer.key;
              member.duplicate = { imageId: answer.imageId, organized: answer.organized === true };
              if (member.status === 'waiting') member.status = 'duplicate';
            } else member.ticket = answer;
          });
          notify();
        },
        (error) => {
          for (const member of batch) member.ticketPromise = null;
          throw error;
        },
      );
      for (const member of batch) member.ticketPromise = promise;
    }
    await item.ticketPromise;
    if (item.duplicate) return null;
    if (!item.ticket) throw new Error('the server did not issue an upload URL for this file');
    return item.ticket;
  }

  function cancel(item) {
    if (!['checking', 'waiting', 'uploading'].includes(item.status)) return;
    item.status = 'cancelled';
    item.loaded = 0;
    item.transfer?.abort();
    notify();
  }

  function retry(item) {
    if (item.status !== 'failed' && item.status !== 'cancelled') return;
    item.error = null;
    item.loaded = 0;
    if (!item.hashed) {
      checkAgainstQueue(item);
      notify();
      return;
    }
    item.status = 'waiting';
    notify();
    pump();
  }

  function remove(item) {
    cancel(item);
    const index = items.indexOf(item);
    if (index >= 0) items.splice(index, 1);
    URL.revokeObjectURL(item.thumbnailUrl);
    notify();
  }

  function clear() {
    for (const item of [...items]) remove(item);
  }

  function totals() {
    const count = (status) => items.filter((item) => item.status === status).length;
    // Bytes that will travel: files the library already has, or that repeat another, send nothing.
    const sending = items.filter((item) => !NOT_SENT.has(item.status));
    return {
      files: items.length - count('cancelled'),
      bytes: sending.reduce((sum, item) => sum + item.size, 0),
      loaded: sending.reduce((sum, item) => sum + (item.status === 'done' ? item.size : item.loaded), 0),
      checking: count('checking'),
      done: count('done'),
      duplicates: count('duplicate'),
      repeats: count('repeat'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      pending: count('checking') + count('waiting') + count('uploading'),
    };
  }

  /**
   * The keys to organize, oldest file first (photos taken together stay together when a big drop is
   * split into several jobs): what was uploaded, and what the library had but never organized.
   */
  function keysToOrganize() {
    const chosen = items.filter(
      (item) => item.status === 'done' || (item.status === 'duplicate' && !item.duplicate.organized),
    );
    const time = (item) => (Number.isFinite(item.file.lastModified) ? item.file.lastModified : 0);
    const ordered = chosen.map((item, index) => ({ item, index }));
    ordered.sort((a, b) => time(a.item) - time(b.item) || a.index - b.index);
    return [...new Set(ordered.map(({ item }) => item.key))];
  }

  return {
    items,
    add,
    cancel,
    cancelAll: () => items.forEach(cancel),
    retry,
    retryFailed: () => items.filter((item) => item.status === 'failed').forEach(retry),
    remove,
    clear,
    totals,
    keysToOrganize,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Statuses whose bytes stand for the file in this drop: a later identical file is a repeat of it. */
const KEEPS_ITS_BYTES = new Set(['waiting', 'uploading', 'done', 'duplicate']);
/** Statuses that send no bytes. */
const NOT_SENT = new Set(['cancelled', 'duplicate', 'repeat']);

class UploadError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function isRetryable(error) {
  const status = error?.status;
  // 0: the network failed; 403: expired URL (a fresh one is fetched); 408/429/5xx: try again later.
  return (
    status === undefined ||
    status === 0 ||
    status === 403 ||
    status === 408 ||
    status === 429 ||
    status >= 500
  );
}

function xhrPut(item, ticket, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('PUT', ticket.url);
    for (const [name, value] of Object.entries(ticket.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new UploadError(describeStatus(xhr.status), xhr.status));
    });
    xhr.addEventListener('error', () => reject(new UploadError('the connection failed', 0)));
    xhr.addEventListener('timeout', () => reject(new UploadError('the upload timed out', 0)));
    xhr.addEventListener('abort', () => reject(new UploadError('cancelled', -1)));
    xhr.send(item.file);
  });
  return { promise, abort: () => xhr.abort() };
}

function describeStatus(status) {
  if (status === 403) return 'storage refused the upload (the link may have expired)';
  if (status === 400) return 'storage rejected the file';
  if (status >= 500) return `storage is having trouble (HTTP ${status})`;
  return `storage answered HTTP ${status}`;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
