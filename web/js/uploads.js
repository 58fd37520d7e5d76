/**
 * The page's one upload session. The queue (web/js/upload-queue.js) outlives every screen, so uploads
 * go on while the user browses; this module ties it to the browser: the connection's online/offline
 * events pause and resume it, leaving the page is warned about only while files are being sent, the
 * batch's manifest (web/js/upload-manifest.js) is kept in localStorage so a reload names what it
 * interrupted, and the upload tray (web/js/upload-tray.js, loaded once there is something to show)
 * follows the batch on the other screens.
 */
import { api } from './api.js';
import { organizerState, startOrganizing, subscribe as subscribeOrganizer } from './organize.js';
import { loadSession } from './session.js';
import { loadManifest, manifestOf, restorable, saveManifest } from './upload-manifest.js';
import { createUploadQueue } from './upload-queue.js';

/** The manifest is written at most this often while the batch changes (and at once when the page goes). */
const SAVE_EVERY_MS = 1000;

let queue;
let username;
/** The batch a reload interrupted, until its files are picked again, it is organized or dismissed. */
let interrupted = null;
const listeners = new Set();

/** Dispatched on window by the app shell when the user signs out (web/js/app.js). */
export const SIGNING_OUT_EVENT = 'momentarium:signing-out';

/** The queue, created on first use; bound to whoever is signed in now. */
export function uploadQueue() {
  if (!queue) {
    queue = createUploadQueue({
      requestUrls: async (files) =>
        (await api('/api/uploads/generate-urls', { method: 'POST', body: { files } })).uploads,
    });
    window.addEventListener('online', () => queue.setOnline(true));
    window.addEventListener('offline', () => queue.setOnline(false));
    window.addEventListener('pagehide', saveNow);
    window.addEventListener(SIGNING_OUT_EVENT, forgetUploads);
    queue.subscribe(changed);
    subscribeOrganizer(changed);
  }
  const current = loadSession()?.username;
  if (current !== username) {
    username = current;
    interrupted = loadManifest(localStorage, username);
    if (interrupted) showTray();
  }
  return queue;
}

/**
 * Signing out: the user's uploads stop, and what a reload would need to finish them (their file names
 * and hashes) is forgotten — nothing is written again once the session is gone.
 */
function forgetUploads() {
  clearTimeout(saveTimer);
  saveTimer = 0;
  saveManifest(localStorage, username, null);
  interrupted = null;
  username = undefined;
  queue.clear();
}

/** Adds picked or dropped files; an interrupted batch is continued by them (its uploads are not redone). */
export function addFiles(files) {
  const uploads = uploadQueue();
  continueInterrupted();
  return uploads.add(files);
}

/** The batch a reload interrupted (its manifest), or null. */
export function interruptedBatch() {
  uploadQueue();
  return interrupted;
}

/** Forgets the interrupted batch: its uploaded photos stay in storage, unorganized, as when a list is cleared. */
export function dismissInterrupted() {
  interrupted = null;
  saveManifest(localStorage, username, null);
  notify();
}

/** Organizes what the interrupted batch had already uploaded, without picking the files again. */
export function organizeInterrupted() {
  const uploads = uploadQueue();
  continueInterrupted();
  startOrganizing(uploads.keysToOrganize());
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The user whose batch this is: the tray shows it to no one else signing in on this page. */
export function uploadsOwner() {
  return username;
}

let trayLoaded = false;
/** Loads the tray (once); it then shows and hides itself. */
export function showTray() {
  if (trayLoaded) return;
  trayLoaded = true;
  import('./upload-tray.js').then(({ mountTray }) => mountTray());
}

function continueInterrupted() {
  if (!interrupted) return;
  queue.restore(restorable(interrupted));
  interrupted = null;
  notify();
}

function notify() {
  for (const listener of listeners) listener();
}

function changed() {
  armLeaveWarning(queue.totals().pending > 0);
  if (queue.items.length > 0) showTray();
  scheduleSave();
}

let saveTimer = 0;
function scheduleSave() {
  if (saveTimer) return;
  saveTimer = setTimeout(saveNow, SAVE_EVERY_MS);
}

function saveNow() {
  clearTimeout(saveTimer);
  saveTimer = 0;
  // The interrupted batch's manifest stays as it is until the user decides what to do with it; and a
  // batch is written for the user signed in now only.
  if (!queue || interrupted || !username || loadSession()?.username !== username) return;
  const organizer = organizerState();
  const handed = new Set(organizer.phase === 'idle' ? [] : organizer.parts.flatMap((part) => part.keys));
  saveManifest(localStorage, username, manifestOf(queue.items, handed));
}

let warning = false;
/** The browser's "Leave site?" prompt, only while files are still being checked or sent. */
function armLeaveWarning(on) {
  if (on === warning) return;
  warning = on;
  if (on) window.addEventListener('beforeunload', warnBeforeLeaving);
  else window.removeEventListener('beforeunload', warnBeforeLeaving);
}

function warnBeforeLeaving(event) {
  event.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  event.returnValue = '';
}
