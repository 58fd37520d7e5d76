/**
 * SHA-256 of the files a user drops, computed in a module worker (web/js/hash-worker.js) so the page
 * stays responsive, at most two files at a time (each is read whole: WebCrypto cannot digest a
 * stream). The server uses the hash to answer "already in your library" instead of an upload URL.
 *
 * Where no worker can run, the page digests the file itself; where WebCrypto is missing (a page served
 * over plain HTTP from another host than localhost) the hash is null and the upload goes ahead without
 * a duplicate check.
 */

const MAX_IN_FLIGHT = 2;

const waiting = [];
let inFlight = 0;
/** undefined: not started yet; null: workers are unavailable here. */
let worker;
const answers = new Map();
let nextId = 1;

/** Resolves to the file's SHA-256 as 64 lower-case hex digits, or null when this browser cannot hash. */
export function hashFile(file) {
  return new Promise((resolve, reject) => {
    waiting.push({ file, resolve, reject });
    drain();
  });
}

function drain() {
  while (inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
    const job = waiting.shift();
    inFlight++;
    digest(job.file)
      .then(job.resolve, job.reject)
      .finally(() => {
        inFlight--;
        drain();
      });
  }
}

function digest(file) {
  if (!globalThis.crypto?.subtle) return Promise.resolve(null);
  const hasher = startWorker();
  if (!hasher) return digestHere(file);
  return new Promise((resolve, reject) => {
    const id = nextId++;
    answers.set(id, { file, resolve, reject });
    hasher.postMessage({ id, file });
  });
}

function startWorker() {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./hash-worker.js', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
    return worker;
  }
  worker.addEventListener('message', ({ data }) => {
    const answer = answers.get(data.id);
    if (!answer) return;
    answers.delete(data.id);
    if (data.error) answer.reject(new Error(`could not be read (${data.error})`));
    else answer.resolve(data.sha256);
  });
  // The worker script failed to load or crashed: finish what it held on this thread instead.
  worker.addEventListener('error', (event) => {
    event.preventDefault?.();
    worker.terminate();
    worker = null;
    const orphaned = [...answers.values()];
    answers.clear();
    for (const answer of orphaned) digestHere(answer.file).then(answer.resolve, answer.reject);
  });
  return worker;
}

async function digestHere(file) {
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch (error) {
    throw new Error(`could not be read (${error?.message ?? error})`);
  }
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
