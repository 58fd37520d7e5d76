/**
 * The upload queue: local checks, each file's SHA-256 (in a worker), presigned URLs requested in chunks
 * as large as the server allows, PUTs straight to storage through a bounded pool with per-file
 * progress, retry with backoff, fresh URLs after a 403 (an expired URL), pause and cancel. A file the
 * server already has ("already in your library") or that appears twice in the queue is not uploaded.
 * A file that fails never holds up the others. XMLHttpRequest rather than fetch because only XHR
 * reports upload progress.
 *
 * A dropped connection is ridden out: while the browser says it is offline nothing is sent and no
 * attempt is spent (uploads in flight go back to waiting), and everything goes on by itself once it
 * is online again; a connection that fails while the browser thinks it is online is retried with
 * capped exponential backoff for minutes. A batch interrupted by a reload can be restored from its
 * manifest (web/js/upload-manifest.js): files picked again whose SHA-256 the manifest lists as
 * uploaded take that upload's place instead of being sent again.
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
 * How long to keep trying. A failed connection (no HTTP answer) is retried for minutes, the time a
 * train tunnel or a router restart takes; an HTTP error from a server that is up (5xx, 429) a few
 * times; a 403 (expired URL) with a fresh URL, twice. Delays double from `firstDelayMs` up to
 * `maxDelayMs`, with jitter so a hundred files do not retry in step.
 */
export const RETRY = Object.freeze({
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
  connectionGiveUpMs: 5 * 60_000,
  httpTries: 4,
  refusedTries: 3,
});

/** The wait before retry number `attempt` (1, 2, …): between half and all of the capped doubling. */
export function backoffDelay(attempt, retry = RETRY, random = Math.random) {
  const ceiling = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Thrown inside the queue when the queue stops sending (paused, or offline): the file waits, no attempt is spent. */
const HALTED = Symbol('halted');

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
 * earlier in the queue), failed, cancelled. `restored` marks a file uploaded before a reload (from the
 * manifest); until it is picked again it has no `file`.
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
  retry: retryPolicy = RETRY,
  isOnline = () => globalThis.navigator?.onLine !== false,
}) {
  const items = [];
  const listeners = new Set();
  let active = 0;
  let nextId = 1;
  let paused = false;
  let offline = !isOnline();
  /** Backoff sleeps in progress: woken early when the connection comes or goes, or on pause. */
  const sleepers = new Set();
  const isOffline = () => offline || !isOnline();
  const halted = () => paused || isOffline();

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
        ...newItem(file.name, file.size, file.lastModified),
        file,
        contentType: check.contentType,
        thumbnailUrl: URL.createObjectURL(file),
      };
      items.push(item);
      added.push(item);
    }
    for (const item of added) checkAgainstQueue(item);
    notify();
    return rejected;
  }

  function newItem(name, size, lastModified) {
    return {
      id: nextId++,
      file: null,
      name: String(name).trim().slice(0, LIMITS.maxFilenameLength) || 'photo',
      size,
      lastModified: Number.isFinite(lastModified) ? lastModified : 0,
      addedAt: Date.now(),
      contentType: null,
      thumbnailUrl: null,
      status: 'checking',
      sha256: null,
      hashed: false,
      duplicate: null,
      repeatOf: null,
      restored: false,
      loaded: 0,
      error: null,
      retrying: null,
      key: null,
      ticket: null,
      ticketPromise: null,
      transfer: null,
    };
  }

  /**
   * Puts back the files a reload interrupted that had reached the library (manifest entries with
   * status done or duplicate and their key): they are organized with the batch whether or not they are
   * picked again, and a file picked again with the same SHA-256 takes their place without a request.
   */
  function restore(entries) {
    for (const entry of entries) {
      if (!entry.key || !entry.sha256 || (entry.status !== 'done' && entry.status !== 'duplicate')) continue;
      if (items.some((item) => item.sha256 === entry.sha256)) continue;
      items.push({
        ...newItem(entry.name, entry.size, entry.lastModified),
        status: entry.status,
        sha256: entry.sha256,
        hashed: true,
        restored: true,
        key: entry.key,
        loaded: entry.status === 'done' ? entry.size : 0,
        duplicate: entry.status === 'duplicate' ? { imageId: null, organized: false } : null,
      });
    }
    notify();
  }

  /** Hashes the file, then queues it for upload unless the same bytes are already in the queue. */
  function checkAgainstQueue(item) {
    item.status = 'checking';
    hash(item.file).then(
      (sha256) => {
        if (item.status !== 'checking') return; // cancelled or removed meanwhile
        item.sha256 = sha256;
        item.hashed = true;
        const placeholder =
          sha256 && items.find((other) => other.restored && !other.file && other.sha256 === sha256);
        if (placeholder) {
          // Uploaded before the reload: this file takes the upload's place, nothing is sent.
          Object.assign(item, {
            status: placeholder.status,
            key: placeholder.key,
            duplicate: placeholder.duplicate,
            loaded: placeholder.loaded,
            restored: true,
          });
          items.splice(items.indexOf(placeholder), 1);
          notify();
          return;
        }
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
    while (active < concurrency && !halted()) {
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
      if (error === HALTED && item.status !== 'cancelled') {
        // Paused or offline: back in line, to start again from the first byte when sending resumes.
        item.status = 'waiting';
        item.loaded = 0;
      } else if (item.status !== 'cancelled') {
        item.status = 'failed';
        item.error = failureText(error);
      }
    } finally {
      item.retrying = null;
      item.transfer = null;
      active--;
      notify();
      pump();
    }
  }

  async function uploadWithRetries(item) {
    let httpFailures = 0;
    let refusals = 0;
    let failingSince = null;
    for (let attempt = 1; ; attempt++) {
      if (halted()) throw HALTED;
      try {
        const ticket = await ticketFor(item);
        if (item.status === 'cancelled') throw new Error('cancelled');
        if (item.duplicate) return;
        if (halted()) throw HALTED;
        item.transfer = put(item, ticket, (loaded) => {
          item.loaded = loaded;
          notify();
        });
        await item.transfer.promise;
        item.key = ticket.key;
        return;
      } catch (error) {
        if (item.status === 'cancelled') throw error;
        // Failing because the browser went offline (or the user paused) spends no attempt.
        if (error === HALTED || halted()) throw HALTED;
        if (!isRetryable(error)) throw error;
        if (error?.status === 403) {
          // The URL expired (or its signature no longer holds): the next attempt asks for a new one.
          item.ticket = null;
          if (++refusals >= retryPolicy.refusedTries) throw error;
        } else if (isConnectionFailure(error)) {
          failingSince ??= Date.now();
          if (Date.now() - failingSince >= retryPolicy.connectionGiveUpMs)
            throw withReason(error, `no connection for ${minutes(Date.now() - failingSince)}`);
        } else if (++httpFailures >= retryPolicy.httpTries) {
          throw withReason(error, `tried ${httpFailures} times`);
        }
        item.loaded = 0;
        item.retrying = failureText(error);
        notify();
        await sleep(backoffDelay(attempt, retryPolicy));
        item.retrying = null;
        if (item.status === 'cancelled') throw error;
      }
    }
  }

  /** Waits, unless the connection comes back or goes, or the user pauses: then at once. */
  function sleep(ms) {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  function wakeSleepers() {
    for (const wake of [...sleepers]) wake();
  }

  /** Stops sending: uploads in flight go back to waiting and start again from the beginning later. */
  function stopSending() {
    for (const item of items) if (item.status === 'uploading') item.transfer?.abort();
    wakeSleepers();
  }

  /** The browser's connection changed (its 'online' and 'offline' events). */
  function setOnline(online) {
    offline = !online;
    if (offline) stopSending();
    else {
      wakeSleepers();
      pump();
    }
    notify();
  }

  function pause() {
    if (paused) return;
    paused = true;
    stopSending();
    notify();
  }

  function resume() {
    if (!paused) return;
    paused = false;
    notify();
    pump();
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
    if (item.thumbnailUrl) URL.revokeObjectURL(item.thumbnailUrl);
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
      paused,
      offline: isOffline(),
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
    const ordered = chosen.map((item, index) => ({ item, index }));
    ordered.sort((a, b) => a.item.lastModified - b.item.lastModified || a.index - b.index);
    return [...new Set(ordered.map(({ item }) => item.key))];
  }

  return {
    items,
    add,
    restore,
    pause,
    resume,
    setOnline,
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

const ITEM_STATUS = {
  checking: 'Checking',
  waiting: 'Waiting',
  uploading: 'Uploading',
  done: 'Uploaded',
  duplicate: 'Already in your library',
  repeat: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** A file's state in words, for its row on the upload screen and in the tray (`totals` from `totals()`). */
export function itemStatusText(item, totals) {
  if (item.status === 'repeat') return `Skipped: the same file as ${item.repeatOf}`;
  if (item.restored && item.status === 'done') return 'Uploaded before the interruption';
  if (item.status === 'waiting' && totals.offline) return 'Waiting for the connection';
  if (item.status === 'waiting' && totals.paused) return 'Paused';
  if (item.status === 'uploading' && item.retrying) return `Retrying soon: ${item.retrying}`;
  if (item.status === 'duplicate')
    return item.duplicate?.organized
      ? 'Already in your library'
      : 'Already in your library (not in an album yet: organized with this batch)';
  return item.error ? `${ITEM_STATUS[item.status]}: ${item.error}` : ITEM_STATUS[item.status];
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

/** No HTTP answer at all: the network, not the server. */
function isConnectionFailure(error) {
  return error?.status === 0;
}

/** Why a file failed, in words: the API's refusals become sentences; storage's errors are worded already. */
function failureText(error) {
  const text = error?.code ? explainProblem(error) : (error?.message ?? String(error));
  return error?.reason ? `${text} (${error.reason})` : text;
}

function withReason(error, reason) {
  if (error && typeof error === 'object') error.reason = reason;
  return error;
}

function minutes(ms) {
  const value = Math.max(1, Math.round(ms / 60_000));
  return `${value} ${value === 1 ? 'minute' : 'minutes'}`;
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
