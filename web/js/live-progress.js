/**
 * Live progress: one WebSocket to the events endpoint the site configuration names (AWS AppSync
 * Events in AWS; the local runtime's stand-in locally, speaking the same protocol), subscribed to the
 * signed-in user's own channel. Ingest tells it each photo's outcome and the worker each job's
 * stage; organize.js stops polling a job's status while this is live, and polls again when it is not.
 *
 * Protocol (AppSync Events): subprotocols `aws-appsync-event-ws` and `header-<base64url JSON of
 * { host, Authorization }>`; `connection_init` → `connection_ack` (with the keep-alive timeout) →
 * `subscribe` → `subscribe_success`; events arrive as `data` with `event` a JSON string; `ka` keeps
 * the connection alive. A dropped or refused connection is tried again with backoff.
 *
 * Loaded only when a screen needs it (upload/organize), so the first page stays small.
 */
import { loadAuthConfig } from './auth.js';
import { loadSession } from './session.js';

const SUBPROTOCOL = 'aws-appsync-event-ws';
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
/** How long to wait for the socket to open, be acknowledged and subscribed before calling it down. */
const CONNECT_TIMEOUT_MS = 10_000;

let events = null;
let socket = null;
let live = false;
let retryMs = FIRST_RETRY_MS;
let retryTimer = null;
let watchdog = null;
let connectTimer = null;
const jobListeners = new Set();
const photoListeners = new Set();
const liveListeners = new Set();

let starting = null;
/** Starts (once per page) following the user's channel, if the site configuration names an events endpoint. */
export function ensureLiveProgress() {
  starting ??= loadAuthConfig()
    .then((config) => startLiveProgress(config.events))
    .catch(() => undefined);
  return starting;
}

/** Starts (once) following the user's channel; `config` is the site configuration's `events`. */
export function startLiveProgress(config) {
  if (events || !validConfig(config)) return;
  events = config;
  window.addEventListener('online', () => reconnectNow());
  connect();
}

/**
 * True while subscribed to the signed-in user's channel: events will arrive, so nobody needs to poll.
 * Signed out, or signed in as someone else in this tab, the channel is no longer the page's: it is
 * dropped (and followed again with the session now kept) and, meanwhile, the page polls.
 */
export function isLive() {
  if (live && !followsSession()) {
    setLive(false);
    socket?.close();
  }
  return live;
}

export function onLiveChange(listener) {
  liveListeners.add(listener);
  return () => liveListeners.delete(listener);
}

/** Every job event ({ jobId, stage, photosReady?, photoCount?, albums?, rejected?, error? }). */
export function onJobProgress(listener) {
  jobListeners.add(listener);
  return () => jobListeners.delete(listener);
}

/** Every photo event ({ imageId, key, status: 'ready' | 'rejected', reason? }). */
export function onPhotoProgress(listener) {
  photoListeners.add(listener);
  return () => photoListeners.delete(listener);
}

function validConfig(config) {
  return (
    typeof config?.http === 'string' &&
    typeof config?.realtime === 'string' &&
    /^(wss:\/\/|ws:\/\/(127\.0\.0\.1|localhost)[:/])/.test(config.realtime)
  );
}

/** True from the start of connect() until its socket exists: a second connect() meanwhile would open a second one. */
let connecting = false;

async function connect() {
  clearTimeout(retryTimer);
  if (socket || connecting) return;
  // Offline, a connection can only fail (and say so in the console): the 'online' event reconnects.
  if (navigator.onLine === false) return;
  connecting = true;
  try {
    await openSocket();
  } finally {
    connecting = false;
  }
}

async function openSocket() {
  const session = loadSession();
  // Signed out: nothing to follow until a page load signs in again (then this module is reloaded).
  if (!session) return scheduleRetry();
  // Cognito sessions keep the ID token for this; a local session has one token for everything.
  const token = subscriberToken(session);
  const subject = tokenSubject(token);
  if (!subject) return;
  const auth = { host: new URL(events.http).host, Authorization: token };
  const channel = `/progress/${await channelSegment(subject)}`;
  let opened;
  try {
    opened = new WebSocket(events.realtime, [SUBPROTOCOL, `header-${base64url(JSON.stringify(auth))}`]);
  } catch {
    return scheduleRetry();
  }
  socket = opened;
  connectedToken = token;
  const id = crypto.randomUUID();
  clearTimeout(connectTimer);
  connectTimer = setTimeout(() => opened.close(), CONNECT_TIMEOUT_MS);
  opened.addEventListener('open', () => send(opened, { type: 'connection_init' }));
  opened.addEventListener('message', (message) => {
    let data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    switch (data.type) {
      case 'connection_ack':
        keepAlive(opened, data.connectionTimeoutMs);
        send(opened, { type: 'subscribe', id, channel, authorization: auth });
        break;
      case 'ka':
        keepAlive(opened);
        break;
      case 'subscribe_success':
        if (data.id !== id) break;
        clearTimeout(connectTimer);
        retryMs = FIRST_RETRY_MS;
        setLive(true);
        break;
      case 'data':
        if (data.id === id) dispatch(data.event);
        break;
      case 'connection_error':
      case 'subscribe_error':
      case 'error':
        opened.close();
        break;
    }
  });
  opened.addEventListener('close', () => {
    if (socket !== opened) return;
    socket = null;
    clearTimeout(watchdog);
    clearTimeout(connectTimer);
    setLive(false);
    scheduleRetry();
  });
}

let connectedToken = null;
let keepAliveMs = 300_000;
/** No keep-alive within the server's timeout: the connection is dead even if the socket is not closed. */
function keepAlive(opened, timeoutMs) {
  if (Number.isFinite(timeoutMs) && timeoutMs > 0) keepAliveMs = timeoutMs;
  clearTimeout(watchdog);
  watchdog = setTimeout(() => opened.close(), keepAliveMs);
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  const jitter = Math.random() * retryMs * 0.3;
  retryTimer = setTimeout(connect, retryMs + jitter);
  retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
}

function reconnectNow() {
  if (socket || connecting) return;
  retryMs = FIRST_RETRY_MS;
  connect();
}

function setLive(value) {
  if (live === value) return;
  live = value;
  // Visible to tests and styles alike: whether the page is following events or polling.
  if (globalThis.document) document.documentElement.dataset.liveProgress = live ? 'up' : 'down';
  for (const listener of liveListeners) listener(live);
}

function dispatch(text) {
  if (!isLive()) return;
  let event;
  try {
    event = JSON.parse(text);
  } catch {
    return;
  }
  const listeners = event?.type === 'job' ? jobListeners : event?.type === 'photo' ? photoListeners : null;
  for (const listener of listeners ?? []) listener(event);
}

function send(opened, message) {
  if (opened.readyState === WebSocket.OPEN) opened.send(JSON.stringify(message));
}

function followsSession() {
  const session = loadSession();
  return session !== null && subscriberToken(session) === connectedToken;
}

function subscriberToken(session) {
  return typeof session.idToken === 'string' ? session.idToken : session.token;
}

/** The token's `sub`, read (not verified: the events endpoint verifies it) from its payload. */
function tokenSubject(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const sub = JSON.parse(atob(payload)).sub;
    return typeof sub === 'string' && sub.length > 0 ? sub : null;
  } catch {
    return null;
  }
}

/**
 * The user's channel segment, as lambdas/adapters/appsync-events/progress-channel.ts makes it: the
 * subject itself when AppSync allows it as a segment (Cognito's UUIDs), else `h-` and 40 hex digits
 * of its SHA-256 (the local runtime's `local:<name>`).
 */
export async function channelSegment(subject) {
  if (/^[A-Za-z0-9-]{1,50}$/.test(subject)) return subject;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(subject));
  const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `h-${hex.slice(0, 40)}`;
}

function base64url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
