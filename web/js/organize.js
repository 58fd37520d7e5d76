/**
 * Starting the organizer and following its job until it ends. The state lives in this module, so it
 * survives leaving the upload screen, and the job id is kept in sessionStorage to survive a reload.
 */
import { ApiError, api, describeError } from './api.js';

const JOB_KEY = 'momentarium.job';
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 4000;

const listeners = new Set();
/** phase: idle | starting | running | completed | failed */
const IDLE = Object.freeze({
  phase: 'idle',
  job: null,
  error: null,
  keys: [],
  pendingIdempotencyKey: null,
  connectionLost: false,
});
let state = IDLE;
let polling = 0;

export const STATUS_LABELS = {
  pending: 'Queued: waiting for the organizer',
  processing: 'Organizing your photos…',
  completed: 'Done',
  failed: 'Failed',
};

export function organizerState() {
  return state;
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function update(changes) {
  state = { ...state, ...changes };
  for (const listener of listeners) listener(state);
}

/**
 * Starts a job for the uploaded keys. The Idempotency-Key is kept until an answer arrives: if the
 * request got through but its answer was lost, retrying returns the same job instead of a second one.
 */
export async function startOrganizing(keys) {
  if (state.phase === 'starting' || state.phase === 'running') return;
  const idempotencyKey =
    state.pendingIdempotencyKey && sameKeys(state.keys, keys)
      ? state.pendingIdempotencyKey
      : crypto.randomUUID();
  update({ phase: 'starting', keys, error: null, job: null, pendingIdempotencyKey: idempotencyKey });
  try {
    const started = await api('/api/galleries/process', {
      method: 'POST',
      body: { imageKeys: keys },
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    update({ phase: 'running', job: started.job, pendingIdempotencyKey: null });
    sessionStorage.setItem(JOB_KEY, JSON.stringify({ jobId: started.jobId, keys }));
    follow(started.jobId);
  } catch (error) {
    // A 4xx means the request itself was refused: a retry must be a new request.
    const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
    update({
      phase: 'failed',
      error: describeError(error),
      pendingIdempotencyKey: refused ? null : idempotencyKey,
    });
  }
}

/**
 * A job that failed on the server is retried in place (POST /api/jobs/{id}/retry), so it keeps its id
 * and history; when the start request itself failed there is no job yet, and a new one is started.
 */
export async function retryOrganizing() {
  const failed = state.job?.status === 'failed' ? state.job : null;
  if (!failed) return startOrganizing(state.keys);
  update({ phase: 'starting', error: null });
  try {
    const retried = await api(`/api/jobs/${encodeURIComponent(failed.jobId)}/retry`, { method: 'POST' });
    update({ phase: 'running', job: retried.job });
    sessionStorage.setItem(JOB_KEY, JSON.stringify({ jobId: retried.jobId, keys: state.keys }));
    follow(retried.jobId);
  } catch (error) {
    update({ phase: 'failed', error: describeError(error) });
  }
}

export function resetOrganizer() {
  polling++;
  sessionStorage.removeItem(JOB_KEY);
  update(IDLE);
}

/** The finished job, as it is after its outcome was undone. */
export function showUndone(job) {
  update({ job });
}

/** Picks up a job that was running when the page was reloaded. */
export function resumeOrganizer() {
  if (state.phase !== 'idle') return;
  try {
    const saved = JSON.parse(sessionStorage.getItem(JOB_KEY) ?? 'null');
    if (!saved?.jobId) return;
    update({ phase: 'running', keys: saved.keys ?? [] });
    follow(saved.jobId);
  } catch {
    sessionStorage.removeItem(JOB_KEY);
  }
}

async function follow(jobId) {
  const run = ++polling;
  let delay = FIRST_POLL_MS;
  while (run === polling) {
    try {
      const job = await api(`/api/jobs/${encodeURIComponent(jobId)}/status`);
      if (run !== polling) return;
      if (job.status === 'completed') {
        update({ phase: 'completed', job, connectionLost: false });
        return;
      }
      if (job.status === 'failed') {
        update({
          phase: 'failed',
          job,
          error: job.error ?? 'The organizer gave up on this batch.',
          connectionLost: false,
        });
        return;
      }
      update({ job, connectionLost: false });
    } catch (error) {
      if (run !== polling) return;
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        sessionStorage.removeItem(JOB_KEY);
        update({ phase: error.status === 401 ? 'idle' : 'failed', error: describeError(error) });
        return;
      }
      // The network or the API hiccuped: keep following, a little more slowly.
      update({ connectionLost: true });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.25));
  }
}

function sameKeys(a, b) {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}
