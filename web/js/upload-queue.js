/**
 * The upload queue: local checks, presigned URLs requested in chunks as large as the server allows, PUTs
 * straight to storage through a bounded pool with per-file progress, retry with backoff, fresh URLs
 * after a 403 (an expired URL), and cancel. A file that fails never holds up the others.
 * XMLHttpRequest rather than fetch because only XHR reports upload progress.
 */

import { formatBytes } from './dom.js';
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
 * @param options.requestUrls (files: {name, contentType, size}[]) => Promise<{key, url, headers, expiresAt}[]>
 * @param options.put (item, ticket, onProgress) => { promise, abort } — XHR by default (tests may swap it)
 */
export function createUploadQueue({
  requestUrls,
  put = xhrPut,
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
    for (const file of files) {
      const check = checkFile(file);
      if (check.error) {
        rejected.push({ name: file.name, reason: check.error });
        continue;
      }
      items.push({
        id: nextId++,
        file,
        name: file.name.trim().slice(0, LIMITS.maxFilenameLength) || 'photo',
        size: file.size,
        contentType: check.contentType,
        thumbnailUrl: URL.createObjectURL(file),
        status: 'waiting',
        loaded: 0,
        error: null,
        key: null,
        ticket: null,
        ticketPromise: null,
        transfer: null,
      });
    }
    notify();
    pump();
    return rejected;
  }

  function pump() {
    while (active < concurrency) {
      const next = items.find((item) => item.status === 'waiting');
      if (!next) return;
      upload(next);
    }
  }

  async function upload(item) {
    active++;
    item.status = 'uploading';
    item.error = null;
    notify();
    try {
      await uploadWithRetries(item);
      item.status = 'done';
      item.loaded = item.size;
    } catch (error) {
      if (item.status !== 'cancelled') {
        item.status = 'failed';
        item.error = error?.message ?? String(error);
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
        batch.map(({ name, contentType, size, file }) => ({ name, contentType, size, ...fileTime(file) })),
      ).then(
        (tickets) => {
          batch.forEach((member, index) => {
            member.ticket = tickets[index] ?? null;
            member.ticketPromise = null;
          });
        },
        (error) => {
          for (const member of batch) member.ticketPromise = null;
          throw error;
        },
      );
      for (const member of batch) member.ticketPromise = promise;
    }
    await item.ticketPromise;
    if (!item.ticket) throw new Error('the server did not issue an upload URL for this file');
    return item.ticket;
  }

  function cancel(item) {
    if (item.status !== 'waiting' && item.status !== 'uploading') return;
    item.status = 'cancelled';
    item.loaded = 0;
    item.transfer?.abort();
    notify();
  }

  function retry(item) {
    if (item.status !== 'failed' && item.status !== 'cancelled') return;
    item.status = 'waiting';
    item.error = null;
    item.loaded = 0;
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
    const counted = items.filter((item) => item.status !== 'cancelled');
    const count = (status) => items.filter((item) => item.status === status).length;
    return {
      files: counted.length,
      bytes: counted.reduce((sum, item) => sum + item.size, 0),
      loaded: counted.reduce((sum, item) => sum + (item.status === 'done' ? item.size : item.loaded), 0),
      done: count('done'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      pending: count('waiting') + count('uploading'),
    };
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
    uploadedKeys: () => items.filter((item) => item.status === 'done').map((item) => item.key),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

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
