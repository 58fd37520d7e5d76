/**
 * The upload tray: a small panel in the corner of every screen but the upload screen (which shows the
 * whole list itself) that follows the batch while the user browses — "Uploading 34 of 120 · 2 failed",
 * a progress bar, Pause/Resume, Retry failed, Cancel all, and the file list on demand. After a reload
 * it names the batch the reload interrupted. It lives in the page's shell, outside the screens that
 * app.js tears down, and is loaded only once there is an upload to show (web/js/uploads.js).
 *
 * Screen readers hear it sparingly, through the shell's live region: when the connection drops or
 * comes back, and when a batch finishes — never every count.
 */
import { SIGNED_OUT_EVENT } from './api.js';
import { announce, h, syncRows } from './dom.js';
import { describeProgress } from './drop-plan.js';
import { organizerState, progressOf, subscribe as subscribeOrganizer } from './organize.js';
import { loadSession } from './session.js';
import { describeInterrupted, summarize } from './upload-manifest.js';
import { ACCEPT, itemStatusText } from './upload-queue.js';
import {
  addFiles,
  dismissInterrupted,
  interruptedBatch,
  organizeInterrupted,
  subscribe as subscribeSession,
  uploadQueue,
  uploadsOwner,
} from './uploads.js';

const count = (value) => value.toLocaleString('en');
const photos = (value) => `${count(value)} ${value === 1 ? 'photo' : 'photos'}`;

let mounted = false;

/** Puts the tray in the page (once); it then shows and hides itself. */
export function mountTray() {
  if (mounted) return;
  mounted = true;
  const uploads = uploadQueue();

  const summary = h('p', { class: 'tray-summary', id: 'tray-summary' });
  const hint = h('p', { class: 'tray-hint' });
  const bar = h('progress', { class: 'tray-progress', max: 1, value: 0, 'aria-labelledby': 'tray-summary' });
  const list = h('ul', {
    class: 'tray-files',
    id: 'tray-files',
    'aria-label': 'Files in this upload',
    hidden: true,
  });
  const toggle = button('Show files', () => setExpanded(list.hidden), {
    'aria-expanded': 'false',
    'aria-controls': 'tray-files',
  });
  const pause = button('Pause', () => uploads.pause(), { 'aria-label': 'Pause uploads' });
  const resume = button('Resume', () => uploads.resume(), { 'aria-label': 'Resume uploads' });
  const retry = button('Retry failed', () => uploads.retryFailed());
  const cancel = button('Cancel all', () => uploads.cancelAll(), { 'aria-label': 'Cancel all uploads' });
  const open = h('a', { class: 'button button-small', href: '#/upload', text: 'Open uploads' });
  const close = button(
    'Close',
    () => {
      closed = true;
      draw();
    },
    { 'aria-label': 'Close the upload tray' },
  );

  // After a reload: the interrupted batch, with its choices.
  const fileInput = h('input', { type: 'file', multiple: true, accept: ACCEPT, hidden: true });
  const noticeText = h('p', { class: 'tray-notice' });
  const pick = button('Pick the same files', () => fileInput.click(), {
    class: 'button button-small button-primary',
  });
  const organize = button('Organize', () => {
    organizeInterrupted();
    location.hash = '#/upload';
  });
  const dismiss = button('Dismiss', dismissInterrupted, { 'aria-label': 'Dismiss the interrupted upload' });
  const notice = h(
    'div',
    { class: 'tray-interrupted' },
    noticeText,
    h('p', { class: 'tray-buttons' }, pick, organize, dismiss),
    fileInput,
  );
  fileInput.addEventListener('change', () => {
    const files = [...fileInput.files];
    fileInput.value = '';
    if (files.length > 0) addFiles(files);
  });

  const progress = h(
    'div',
    { class: 'tray-progress-part' },
    summary,
    bar,
    hint,
    h('p', { class: 'tray-buttons' }, toggle, pause, resume, retry, cancel, open, close),
    list,
  );
  const tray = h('aside', { class: 'upload-tray', 'aria-label': 'Uploads', hidden: true }, notice, progress);
  document.body.append(tray);

  let closed = false;
  let frame = 0;
  const scheduleDraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };

  function setExpanded(expanded) {
    list.hidden = !expanded;
    toggle.textContent = expanded ? 'Hide files' : 'Show files';
    toggle.setAttribute('aria-expanded', String(expanded));
    drawList(uploads.totals());
  }

  function onUploadScreen() {
    return /^#\/upload\/?$/.test(location.hash);
  }

  function draw() {
    frame = 0;
    const totals = uploads.totals();
    const organizer = organizerState();
    const batch = interruptedBatch();
    const something = uploads.items.length > 0 || batch !== null;
    const visible = something && !closed && !onUploadScreen() && loadSession()?.username === uploadsOwner();
    tray.hidden = !visible;
    document.body.classList.toggle('has-upload-tray', visible);
    if (!visible) return;

    notice.hidden = batch === null;
    if (batch) {
      const { done, left } = summarize(batch);
      noticeText.textContent = describeInterrupted(batch);
      pick.hidden = left === 0;
      organize.hidden = left > 0 || done === 0;
      organize.textContent = `Organize ${photos(done)}`;
    }
    progress.hidden = uploads.items.length === 0;
    if (progress.hidden) return;

    summary.textContent = summaryText(totals, organizer);
    hint.textContent = hintText(totals, organizer, uploads.keysToOrganize().length);
    hint.hidden = hint.textContent === '';
    const shown = describeProgress(totals, organizer.phase === 'idle' ? null : progressOf());
    bar.max = shown.max;
    bar.value = shown.value;
    const sending = totals.pending > 0;
    swap(pause, resume, sending && !totals.paused);
    retry.hidden = totals.failed === 0;
    cancel.hidden = !sending;
    close.hidden = sending;
    drawList(totals);
  }

  /** Shows `on` when `showOn` and `off` otherwise; the focus follows from one to the other. */
  function swap(on, off, showOn) {
    const sending = uploads.totals().pending > 0;
    const [shown, hidden] = showOn ? [on, off] : [off, on];
    const hadFocus = document.activeElement === hidden;
    hidden.hidden = true;
    shown.hidden = !sending;
    if (hadFocus && sending) shown.focus();
  }

  const rows = new Map();
  function drawList(totals) {
    if (list.hidden) return;
    syncRows(list, rows, uploads.items, createRow, totals);
  }

  function createRow(item) {
    const status = h('span', { class: 'tray-file-status' });
    const again = button('Retry', () => uploads.retry(item), { 'aria-label': `Retry ${item.name}` });
    const element = h(
      'li',
      { class: 'tray-file' },
      h('span', { class: 'tray-file-name', text: item.name }),
      status,
      again,
    );
    let drawn = '';
    return {
      element,
      update(totals) {
        const now = `${item.status}:${item.error}:${item.retrying}:${totals.offline}:${totals.paused}`;
        if (now === drawn) return;
        drawn = now;
        element.dataset.status = item.status;
        status.textContent = itemStatusText(item, totals);
        again.hidden = item.status !== 'failed';
      },
    };
  }

  // Sparing announcements: the connection going and coming back, and a batch finishing.
  let was = uploads.totals();
  function announceChanges() {
    const totals = uploads.totals();
    if (totals.pending > 0 && was.pending === 0) closed = false;
    if (totals.pending > 0 && totals.offline && !was.offline)
      announce('You are offline. Uploads are paused and go on by themselves once you are back online.');
    if (was.offline && !totals.offline && was.pending > 0) announce('Back online: uploads resumed.');
    if (was.pending > 0 && totals.pending === 0 && !tray.hidden) {
      const failed = totals.failed > 0 ? `, ${count(totals.failed)} failed` : '';
      announce(`Uploads finished: ${count(totals.done)} uploaded${failed}.`);
    }
    was = totals;
  }

  uploads.subscribe(() => {
    announceChanges();
    scheduleDraw();
  });
  subscribeOrganizer(scheduleDraw);
  subscribeSession(() => {
    if (interruptedBatch()) closed = false;
    scheduleDraw();
  });
  window.addEventListener('hashchange', scheduleDraw);
  window.addEventListener(SIGNED_OUT_EVENT, scheduleDraw);
  document.getElementById('sign-out')?.addEventListener('click', () => setTimeout(scheduleDraw, 0));
  draw();
}

/** The tray's one line: what the batch is doing, e.g. "Uploading 34 of 120 · 2 failed". */
export function summaryText(totals, organizer) {
  if (organizer.phase === 'starting' || organizer.phase === 'running')
    return `Organizing ${photos(progressOf(organizer).totalPhotos)}…`;
  if (organizer.phase === 'completed') return 'Your albums are ready';
  if (organizer.phase === 'failed') return 'Organizing stopped';
  const toUpload = totals.files - totals.duplicates - totals.repeats;
  const failed = totals.failed > 0 ? ` · ${count(totals.failed)} failed` : '';
  const progress = `${count(totals.done)} of ${count(toUpload)}`;
  if (totals.pending === 0) return `${progress} uploaded${failed}`;
  if (totals.offline) return `Offline · ${progress} uploaded${failed}`;
  if (totals.paused) return `Paused · ${progress} uploaded${failed}`;
  if (totals.checking > 0)
    return `Checking ${count(totals.files - totals.checking)} of ${count(totals.files)}${failed}`;
  return `Uploading ${progress}${failed}`;
}

function hintText(totals, organizer, ready) {
  if (totals.pending > 0 && totals.offline) return 'They go on by themselves once you are back online.';
  if (totals.pending === 0 && organizer.phase === 'idle' && ready > 0)
    return `${photos(ready)} ready to organize: open uploads to sort them into albums.`;
  return '';
}

function button(text, onclick, attributes = {}) {
  return h('button', { type: 'button', class: 'button button-small', onclick, text, ...attributes });
}
