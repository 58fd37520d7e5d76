/** The upload screen: pick or drop photos, watch them upload, then organize them into albums. */
import { api } from './api.js';
import { formatBytes, h, plural, setChildren } from './dom.js';
import { jobOutcome } from './job-outcome.js';
import { LIMITS } from './limits.js';
import {
  organizerState,
  resetOrganizer,
  resumeOrganizer,
  retryOrganizing,
  STATUS_LABELS,
  showUndone,
  startOrganizing,
  subscribe as subscribeOrganizer,
} from './organize.js';
import { ACCEPT, createUploadQueue } from './upload-queue.js';

const ITEM_STATUS = {
  waiting: 'Waiting',
  uploading: 'Uploading',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** One queue per page load: leaving the screen does not stop the uploads. */
let queue;
function uploadQueue() {
  queue ??= createUploadQueue({
    requestUrls: async (files) =>
      (await api('/api/uploads/generate-urls', { method: 'POST', body: { files } })).uploads,
  });
  return queue;
}

export function render(main, { announce, onRendered }) {
  const uploads = uploadQueue();
  resumeOrganizer();

  const fileInput = h('input', {
    type: 'file',
    id: 'file-input',
    multiple: true,
    accept: ACCEPT,
    hidden: true,
  });
  const chooseButton = h('button', { type: 'button', class: 'button button-primary', text: 'Choose photos' });
  const dropZone = h(
    'div',
    { class: 'drop-zone', id: 'drop-zone' },
    h('p', { class: 'drop-title', text: 'Drag photos here' }),
    h('p', { text: 'or' }),
    chooseButton,
    h('p', {
      class: 'hint',
      id: 'upload-rules',
      text: `JPEG, PNG, WebP or HEIC, up to ${formatBytes(LIMITS.maxFileBytes)} each.`,
    }),
    fileInput,
  );
  const rejectedBox = h('div', { class: 'rejected-files', 'aria-live': 'polite' });
  const overallBar = h('progress', {
    id: 'overall-progress',
    max: 1,
    value: 0,
    'aria-labelledby': 'overall-label',
  });
  const overallText = h('p', { id: 'overall-label', class: 'progress-label' });
  const actions = h('div', { class: 'actions' });
  const list = h('ul', { class: 'upload-list', 'aria-label': 'Files to upload' });
  const queueSection = h(
    'section',
    { class: 'upload-queue', 'aria-labelledby': 'queue-title' },
    h('h2', { id: 'queue-title', text: 'Your files' }),
    overallText,
    overallBar,
    actions,
    list,
  );
  const organizePanel = h('section', {
    class: 'organize panel',
    'aria-labelledby': 'organize-title',
    'aria-live': 'polite',
  });

  setChildren(
    main,
    h('h1', { text: 'Upload photos' }),
    h('p', { class: 'lead', text: 'Add a batch of photos; one click then sorts them into albums.' }),
    dropZone,
    rejectedBox,
    queueSection,
    organizePanel,
  );

  chooseButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    addFiles([...fileInput.files]);
    fileInput.value = '';
  });
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    addFiles([...(event.dataTransfer?.files ?? [])]);
  });

  function addFiles(files) {
    if (files.length === 0) return;
    if (organizerState().phase === 'completed') startOver();
    const rejected = uploads.add(files);
    const accepted = files.length - rejected.length;
    renderRejected(rejected);
    announce(`${plural(accepted, 'photo')} added${rejected.length ? `, ${rejected.length} not added` : ''}.`);
  }

  function renderRejected(rejected) {
    if (rejected.length === 0) {
      setChildren(rejectedBox);
      return;
    }
    setChildren(
      rejectedBox,
      h(
        'div',
        { class: 'panel panel-warning' },
        h('p', { text: `${plural(rejected.length, 'file')} could not be added:` }),
        h(
          'ul',
          {},
          rejected.map((file) => h('li', {}, h('strong', { text: file.name }), ` ${file.reason}.`)),
        ),
      ),
    );
  }

  function startOver() {
    uploads.clear();
    resetOrganizer();
    setChildren(rejectedBox);
  }

  // Progress events arrive many times a second: draw at most once per frame.
  const rows = new Map();
  let frame = 0;
  const scheduleDraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };

  function draw() {
    frame = 0;
    const totals = uploads.totals();
    queueSection.hidden = uploads.items.length === 0;
    overallBar.max = Math.max(1, totals.bytes);
    overallBar.value = totals.loaded;
    overallText.textContent =
      `${totals.done} of ${plural(totals.files, 'photo')} uploaded · ` +
      `${formatBytes(totals.loaded)} of ${formatBytes(totals.bytes)}` +
      (totals.failed ? ` · ${totals.failed} failed` : '');
    drawActions(totals);
    drawRows();
    drawOrganize();
  }

  function drawActions(totals) {
    const organizing = ['starting', 'running'].includes(organizerState().phase);
    setChildren(
      actions,
      totals.pending > 0 ? button('Cancel all', () => uploads.cancelAll(), 'button') : null,
      totals.failed > 0 ? button('Retry failed', () => uploads.retryFailed(), 'button') : null,
      totals.pending === 0 && !organizing ? button('Clear list', startOver, 'button button-quiet') : null,
    );
  }

  function drawRows() {
    const present = new Set(uploads.items);
    for (const [item, row] of rows) {
      if (!present.has(item)) {
        row.element.remove();
        rows.delete(item);
      }
    }
    for (const item of uploads.items) {
      let row = rows.get(item);
      if (!row) {
        row = createRow(item);
        rows.set(item, row);
        list.append(row.element);
      }
      row.update();
    }
  }

  function createRow(item) {
    const thumbnail = h('img', { src: item.thumbnailUrl, alt: '', width: 56, height: 56, class: 'thumb' });
    // Browsers cannot draw HEIC: show a labelled tile instead of a broken image.
    thumbnail.addEventListener(
      'error',
      () => thumbnail.replaceWith(h('span', { class: 'thumb thumb-placeholder', text: 'HEIC' })),
      { once: true },
    );
    const status = h('span', { class: 'item-status' });
    const progress = h('progress', {
      max: Math.max(1, item.size),
      value: 0,
      'aria-label': `Upload progress of ${item.name}`,
    });
    const control = h('div', { class: 'item-control' });
    const element = h(
      'li',
      { class: 'upload-item' },
      thumbnail,
      h(
        'div',
        { class: 'item-main' },
        h('span', { class: 'item-name', text: item.name }),
        h('span', { class: 'item-size', text: formatBytes(item.size) }),
        progress,
        status,
      ),
      control,
    );
    let shown = '';
    return {
      element,
      update() {
        element.dataset.status = item.status;
        progress.value = item.status === 'done' ? item.size : item.loaded;
        status.textContent = item.error
          ? `${ITEM_STATUS[item.status]}: ${item.error}`
          : ITEM_STATUS[item.status];
        // Controls depend on the file's status and on whether organizing has begun.
        const state = `${item.status}:${organizerState().phase}`;
        if (shown === state) return;
        shown = state;
        const label = (verb) => `${verb} ${item.name}`;
        setChildren(
          control,
          item.status === 'waiting' || item.status === 'uploading'
            ? button('Cancel', () => uploads.cancel(item), 'button button-small', label('Cancel'))
            : null,
          item.status === 'failed' || item.status === 'cancelled'
            ? button('Retry', () => uploads.retry(item), 'button button-small', label('Retry'))
            : null,
          item.status !== 'waiting' && item.status !== 'uploading' && organizerState().phase === 'idle'
            ? button(
                'Remove',
                () => uploads.remove(item),
                'button button-small button-quiet',
                label('Remove'),
              )
            : null,
        );
      },
    };
  }

  function drawOrganize() {
    const organizer = organizerState();
    const totals = uploads.totals();
    const keys = uploads.uploadedKeys();
    const title = h('h2', { id: 'organize-title', text: 'Organize into albums' });
    const children = [title];
    if (organizer.phase === 'idle') {
      if (keys.length === 0 && uploads.items.length === 0 && !organizer.error) {
        organizePanel.hidden = true;
        return;
      }
      const ready = keys.length > 0 && totals.pending === 0;
      children.push(
        h('p', {
          text: ready
            ? `${plural(keys.length, 'photo')} ready. One click sorts them into albums.`
            : totals.pending > 0
              ? 'You can organize once the uploads have finished.'
              : 'Upload at least one photo to organize.',
        }),
        button(
          `Organize ${plural(keys.length, 'photo')}`,
          () => startOrganizing(keys),
          'button button-primary',
          undefined,
          !ready,
        ),
      );
      if (organizer.error)
        children.push(h('p', { class: 'field-error', role: 'alert', text: organizer.error }));
    } else if (organizer.phase === 'starting') {
      children.push(jobStatus('Sending your photos to the organizer…', 'pending'));
    } else if (organizer.phase === 'running') {
      const status = organizer.job?.status ?? 'pending';
      children.push(jobStatus(STATUS_LABELS[status] ?? status, status));
      if (organizer.connectionLost)
        children.push(h('p', { class: 'hint', text: 'Connection lost; still trying…' }));
    } else if (organizer.phase === 'completed') {
      const job = organizer.job;
      children.push(
        ...jobOutcome(job, showUndone),
        ...jobSummary(job),
        h(
          'p',
          {},
          h('a', { class: 'button button-primary', href: '#/albums', text: 'See your albums' }),
          ' ',
          button('Upload more photos', startOver, 'button'),
        ),
      );
    } else if (organizer.phase === 'failed') {
      children.push(
        jobStatus(`Organizing failed: ${organizer.error}`, 'failed'),
        button('Retry organizing', () => retryOrganizing(), 'button button-primary'),
      );
    }
    const rejected = organizer.job?.rejectedImages ?? [];
    if (rejected.length > 0) {
      children.push(
        h('h3', { text: `${plural(rejected.length, 'photo')} could not be used` }),
        h(
          'ul',
          { class: 'rejected-photos' },
          rejected.map((photo) =>
            h('li', {}, h('strong', { text: photo.filename || photo.key }), ` ${photo.reason}`),
          ),
        ),
      );
    }
    organizePanel.hidden = false;
    setChildren(organizePanel, ...children);
  }

  function jobStatus(text, status) {
    return h('p', { class: `job-status job-${status}`, 'data-job-status': status, text });
  }

  let lastPhase = organizerState().phase;
  const unsubscribeQueue = uploads.subscribe(scheduleDraw);
  const unsubscribeOrganizer = subscribeOrganizer((state) => {
    if (state.phase !== lastPhase) {
      lastPhase = state.phase;
      for (const row of rows.values()) row.update();
      if (state.phase === 'completed') announce('Your albums are ready.');
      if (state.phase === 'failed') announce('Organizing failed.');
    }
    scheduleDraw();
  });
  draw();
  onRendered();
  return () => {
    unsubscribeQueue();
    unsubscribeOrganizer();
    cancelAnimationFrame(frame);
  };
}

function button(text, onclick, className, ariaLabel, disabled) {
  return h('button', {
    type: 'button',
    class: className,
    onclick,
    'aria-label': ariaLabel,
    disabled: Boolean(disabled),
    text,
  });
}

/** What the job cost, and that the offline organizer stepped in when it did. */
function jobSummary(job) {
  const lines = [];
  // The reason itself (Google's error text, an operator's setup message) stays in the job's record
  // and the logs; the person organizing photos gets what it means for them.
  if (job.organizer === 'offline' && job.fallbackReason)
    lines.push(
      'Organized offline: the model could not be used this time, so the albums follow dates and places.',
    );
  if (job.organizer === 'fallback')
    lines.push('The organizer could not sort these photos this time; they are together in one album.');
  if (job.tokens) {
    const count = (value) => value.toLocaleString('en');
    const cost = job.estimatedCostUsd === null ? '' : `, about $${job.estimatedCostUsd.toFixed(4)}`;
    lines.push(
      `Model: ${count(job.tokens.input)} tokens in, ${count(job.tokens.output)} out (${count(job.tokens.thinking)} thinking)${cost}.`,
    );
  }
  const dates = job.dateSources;
  if (dates && dates.fileName + dates.fileTime + dates.none > 0) {
    const parts = [
      dates.exif ? `${dates.exif} from the camera` : null,
      dates.fileName ? `${dates.fileName} from the file name` : null,
      dates.fileTime ? `${dates.fileTime} from the file’s time` : null,
      dates.none ? `${dates.none} with no date` : null,
    ].filter(Boolean);
    lines.push(`Dates: ${parts.join(', ')}.`);
  }
  return lines.map((text) => h('p', { class: 'hint job-summary', text }));
}
