/**
 * Organizing a drop of any size: the keys are split into parts the API accepts (at most
 * LIMITS.maxImagesPerJob photos each), and the parts run as jobs one after the other, each started
 * once the previous one finished, so later parts join the albums of earlier ones. The state lives in
 * this module, so it survives leaving the upload screen, and the parts (keys, job ids, idempotency
 * keys, which are done) are kept in sessionStorage to survive a reload.
 *
 * Nothing is redone and nothing is dropped silently: a retry resumes at the part that stopped (a job
 * that failed on the server is retried in place; a start request that failed is sent again with the
 * same Idempotency-Key unless it was refused), and photos the server says it cannot organize are only
 * left out when the user says so.
 */
import { ApiError, api } from './api.js';
import { explainProblem, splitIntoParts, unusableKeys } from './drop-plan.js';

const JOB_KEY = 'momentarium.job';
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 4000;
/** With live progress, a job silent this long is read once anyway (an event may have been lost). */
const LIVE_SILENCE_MS = 60_000;
/** How long starting a job keeps trying while the API cannot be reached (online), as uploads do. */
const START_PATIENCE_MS = 5 * 60_000;
const MAX_START_DELAY_MS = 30_000;

const listeners = new Set();
/**
 * phase: idle | starting | running | completed | failed
 * parts: [{ keys, jobId, idempotencyKey, done, job }]; current: the part being started or followed
 * unusable: keys the server named as not uploaded or gone (offered to be left out)
 */
const IDLE = Object.freeze({
  phase: 'idle',
  parts: [],
  current: 0,
  job: null,
  error: null,
  unusable: [],
  connectionLost: false,
  /** The current job's latest live event ({ stage, photosReady, photoCount }), when events arrive. */
  live: null,
});
let state = IDLE;
let run = 0;

export const STATUS_LABELS = {
  pending: 'Queued: waiting for the organizer',
  processing: 'Organizing your photos…',
  completed: 'Done',
  failed: 'Failed',
};

export function organizerState() {
  return state;
}

/** Where organizing stands, for the one progress display (web/js/drop-plan.js describeProgress). */
export function progressOf(current = state) {
  const totalPhotos = current.parts.reduce((sum, part) => sum + part.keys.length, 0);
  const organizedPhotos = current.parts
    .filter((part) => part.done)
    .reduce((sum, p) => sum + p.keys.length, 0);
  return {
    phase: current.phase,
    parts: current.parts.length,
    current: current.current,
    organizedPhotos,
    totalPhotos,
  };
}

/** Every part's job as last seen: summaries and rejected photos are shown for the whole drop. */
export function finishedJobs() {
  return state.parts.map((part) => part.job).filter(Boolean);
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function update(changes) {
  state = { ...state, ...changes };
  for (const listener of listeners) listener(state);
}

function newPart(keys) {
  return { keys, jobId: null, idempotencyKey: crypto.randomUUID(), done: false, job: null };
}

function save() {
  const parts = state.parts.map(({ keys, jobId, idempotencyKey, done }) => ({
    keys,
    jobId,
    idempotencyKey,
    done,
  }));
  try {
    sessionStorage.setItem(JOB_KEY, JSON.stringify({ parts }));
  } catch {
    // Storage full or unavailable: organizing goes on, only a reload would lose track of it.
  }
}

/** Organizes the keys: as one job, or as several one after the other when there are more than a job takes. */
export function startOrganizing(keys) {
  if (state.phase === 'starting' || state.phase === 'running') return;
  update({ ...IDLE, phase: 'starting', parts: splitIntoParts(keys).map(newPart) });
  save();
  return resume();
}

/** Goes on from where organizing stopped: the failed part is retried, finished parts are not redone. */
export async function retryOrganizing() {
  if (state.phase !== 'failed') return;
  const part = state.parts[state.current];
  if (part?.job?.status === 'failed' && part.jobId) {
    update({ phase: 'starting', error: null, unusable: [] });
    try {
      const retried = await api(`/api/jobs/${encodeURIComponent(part.jobId)}/retry`, { method: 'POST' });
      // Its events may come before this page follows them (or came already, for the run that failed):
      // the retried job is read once first.
      replacePart(state.current, { jobId: retried.jobId, job: retried.job, readFirst: true });
    } catch (error) {
      fail(error);
      return;
    }
  }
  return resume();
}

/** Leaves out the photos the server cannot organize (it named them) and goes on with the rest. */
export function continueWithout(keys) {
  if (state.phase !== 'failed') return;
  const gone = new Set(keys);
  const parts = state.parts
    .map((part) =>
      part.done || !part.keys.some((key) => gone.has(key))
        ? part
        : { ...newPart(part.keys.filter((key) => !gone.has(key))) },
    )
    .filter((part) => part.keys.length > 0);
  update({ parts, current: Math.min(state.current, Math.max(0, parts.length - 1)), unusable: [] });
  save();
  return resume();
}

export function resetOrganizer() {
  run++;
  sessionStorage.removeItem(JOB_KEY);
  update(IDLE);
}

/** A finished job as it is after its outcome was undone: the part it belongs to shows it so. */
export function showUndone(job) {
  const parts = state.parts.map((part) => (part.jobId === job.jobId ? { ...part, job } : part));
  update({ parts, ...(state.job?.jobId === job.jobId ? { job } : {}) });
}

/** Picks up organizing that was going on when the page was reloaded. */
export function resumeOrganizer() {
  if (state.phase !== 'idle') return;
  try {
    const saved = JSON.parse(sessionStorage.getItem(JOB_KEY) ?? 'null');
    const parts = (saved?.parts ?? []).map((part) => ({ ...newPart(part.keys ?? []), ...part, job: null }));
    if (parts.length === 0 || parts.every((part) => part.done)) {
      sessionStorage.removeItem(JOB_KEY);
      return;
    }
    update({ ...IDLE, phase: 'running', parts });
    resume();
  } catch {
    sessionStorage.removeItem(JOB_KEY);
  }
}

function replacePart(index, changes) {
  const parts = state.parts.map((part, at) => (at === index ? { ...part, ...changes } : part));
  update({ parts });
  save();
}

function fail(error, extra = {}) {
  update({ phase: 'failed', error: explainProblem(error), connectionLost: false, ...extra });
}

/** Runs the parts that are not done, in order, until all are done or one stops. */
async function resume() {
  const mine = ++run;
  for (;;) {
    const index = state.parts.findIndex((part) => !part.done);
    if (index < 0) {
      update({ phase: 'completed', connectionLost: false, error: null });
      sessionStorage.removeItem(JOB_KEY);
      return;
    }
    update({ current: index, error: null, unusable: [] });
    let part = state.parts[index];
    if (!part.jobId) {
      update({ phase: 'starting', job: null });
      try {
        const started = await startWhenReachable(part, mine);
        if (mine !== run) return;
        replacePart(index, { jobId: started.jobId, job: started.job });
      } catch (error) {
        if (mine !== run) return;
        if (refusedAsTooLarge(error, part)) continue;
        // A 4xx means the request itself was refused: a retry must be a new request.
        const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
        if (refused) replacePart(index, { idempotencyKey: crypto.randomUUID() });
        fail(error, { unusable: unusableKeys(error) });
        return;
      }
      part = state.parts[index];
    }
    update({ phase: 'running', job: part.job, live: null });
    const outcome = await follow(part.jobId, mine, part.readFirst === true);
    if (mine !== run || outcome === null) return;
    if (outcome.status === 'failed') {
      replacePart(index, { job: outcome });
      update({
        phase: 'failed',
        job: outcome,
        error: outcome.error ?? 'The organizer gave up on this batch.',
        connectionLost: false,
      });
      return;
    }
    replacePart(index, { done: true, job: outcome });
    update({ job: outcome });
  }
}

/**
 * Starts the part's job. Offline, it waits for the connection (no request, nothing failed); when the
 * API cannot be reached it tries again with backoff for START_PATIENCE_MS — safe, since every attempt
 * carries the part's Idempotency-Key, so a start whose answer was lost never makes a second job.
 */
async function startWhenReachable(part, mine) {
  const since = Date.now();
  let delay = FIRST_POLL_MS;
  const stopped = () => new DOMException('stopped', 'AbortError');
  for (;;) {
    // Only a browser that says it is offline is waited for (no navigator.onLine: assume online).
    if (navigator.onLine === false) {
      update({ connectionLost: true });
      await new Promise((resolve) => window.addEventListener('online', resolve, { once: true }));
    }
    // A run stopped (cancelled, signed out, replaced) while waiting starts nothing.
    if (mine !== run) throw stopped();
    try {
      const started = await api('/api/galleries/process', {
        method: 'POST',
        body: { imageKeys: part.keys },
        headers: { 'Idempotency-Key': part.idempotencyKey },
      });
      update({ connectionLost: false });
      return started;
    } catch (error) {
      const unreachable = error instanceof ApiError && error.code === 'network_error';
      if (!unreachable || mine !== run || Date.now() - since >= START_PATIENCE_MS) throw error;
      update({ connectionLost: true });
      // The next try comes after the delay, or at once when the browser says it is back online.
      await new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          window.removeEventListener('online', done);
          resolve();
        };
        const timer = setTimeout(done, delay);
        window.addEventListener('online', done);
      });
      delay = Math.min(MAX_START_DELAY_MS, delay * 2);
    }
  }
}

/**
 * A server whose per-job limit is lower than this page's (a newer server, an older page) answers
 * too_many_items with its limit: the parts not started yet are split again by it, and organizing goes on.
 */
function refusedAsTooLarge(error, part) {
  const limit = error?.details?.limit;
  if (error?.code !== 'too_many_items' || !Number.isInteger(limit) || limit < 1) return false;
  if (part.keys.length <= limit) return false;
  const done = state.parts.filter((candidate) => candidate.done);
  const rest = state.parts.filter((candidate) => !candidate.done).flatMap((candidate) => candidate.keys);
  update({ parts: [...done, ...splitIntoParts(rest, limit).map(newPart)] });
  save();
  return true;
}

/**
 * Follows the job until it ends; null when this run was stopped or the job can no longer be followed.
 * While live progress is connected its events say where the job stands and only the end is read
 * (once, for the final status body); when it is not, the status is polled, as before it existed.
 */
async function follow(jobId, mine, readFirst = false) {
  const live = await import('./live-progress.js');
  live.ensureLiveProgress();
  let delay = FIRST_POLL_MS;
  // Set when live progress came up while polling (or the caller asks, `readFirst`): one read catches
  // up on what was missed meanwhile.
  let catchUp = readFirst;
  while (mine === run) {
    if (live.isLive() && !catchUp) {
      const ended = await liveEnd(live, jobId, mine);
      if (mine !== run) return null;
      // Ended (read it once), or the events connection dropped (poll from now on).
      if (!ended) continue;
    }
    catchUp = false;
    try {
      const job = await api(`/api/jobs/${encodeURIComponent(jobId)}/status`);
      if (mine !== run) return null;
      if (job.status === 'completed' || job.status === 'failed') return job;
      update({ job, connectionLost: false });
    } catch (error) {
      if (mine !== run) return null;
      if (error instanceof ApiError && error.status === 401) {
        // Signed out: the app shows the sign-in screen; the parts stay saved, and resume after it.
        update({ ...IDLE, error: explainProblem(error) });
        return null;
      }
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        // The job is gone (undone, or the library was cleared): a retry starts this part afresh.
        replacePart(state.current, { jobId: null, idempotencyKey: crypto.randomUUID(), job: null });
        fail(error);
        return null;
      }
      // The network or the API hiccuped: keep following, a little more slowly.
      update({ connectionLost: true });
    }
    // Live progress is up (it came up just now: this read caught up): follow the events from here.
    if (live.isLive()) continue;
    // Wait for the next poll, or for live progress to come up, whichever is first.
    await new Promise((resolve) => {
      const timer = setTimeout(done, delay);
      const stop = live.onLiveChange((up) => {
        if (!up) return;
        catchUp = true;
        done();
      });
      function done() {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.25));
  }
  return null;
}

/**
 * Resolves true when the job's events say it ended (or said nothing for LIVE_SILENCE_MS: publishing
 * is best effort, so a lost event costs one read, not a stuck page), false when the connection drops.
 */
function liveEnd(live, jobId, mine) {
  return new Promise((resolve) => {
    let silence;
    const quiet = () => {
      clearTimeout(silence);
      silence = setTimeout(() => finish(true), LIVE_SILENCE_MS);
    };
    const stopEvents = live.onJobProgress((event) => {
      if (event.jobId !== jobId || mine !== run) return;
      quiet();
      const { stage, photosReady, photoCount } = event;
      update({ live: { stage, photosReady, photoCount }, connectionLost: false });
      if (stage === 'completed' || stage === 'failed') finish(true);
    });
    const stopLive = live.onLiveChange((up) => up || finish(false));
    const stopRun = subscribe(() => mine !== run && finish(false));
    quiet();
    function finish(ended) {
      clearTimeout(silence);
      stopEvents();
      stopLive();
      stopRun();
      resolve(ended);
    }
  });
}
