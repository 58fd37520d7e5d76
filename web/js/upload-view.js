/**
 * The upload screen: pick or drop any number of photos, watch them be checked against the library,
 * upload and be organized — one progress display from the first file to the last album.
 */
import { confirmAction } from './dialogs.js';
import { formatBytes, h, plural, setChildren, syncRows } from './dom.js';
import { describeProgress, splitIntoParts } from './drop-plan.js';
import { jobOutcome } from './job-outcome.js';
import { LIMITS } from './limits.js';
import {
  continueWithout,
  finishedJobs,
  organizerState,
  progressOf,
  resetOrganizer,
  resumeOrganizer,
  retryOrganizing,
  STATUS_LABELS,
  showUndone,
  startOrganizing,
  subscribe as subscribeOrganizer,
} from './organize.js';
import { describeInterrupted, summarize } from './upload-manifest.js';
import { ACCEPT, itemStatusText } from './upload-queue.js';
import {
  addFiles as addToQueue,
  dismissInterrupted,
  interruptedBatch,
  organizeInterrupted,
  subscribe as subscribeSession,
  uploadQueue,
} from './uploads.js';

const ACTIVE = new Set(['checking', 'waiting', 'uploading']);
const count = (value) => value.toLocaleString('en');
const photos = (value) => `${count(value)} ${value === 1 ? 'photo' : 'photos'}`;

/** What ingest said of each uploaded file as it was read (live progress), by storage key. */
const readOutcomes = new Map();

/** What the worker is doing, as live progress tells it. */
function liveStageText({ stage, photosReady, photoCount }) {
  if (stage === 'waiting-for-photos')
    return `Waiting for your photos to be read: ${count(photosReady ?? 0)} of ${photos(photoCount ?? 0)} ready`;
  if (stage === 'asking-the-model') return 'Making albums from your photos…';
  if (stage === 'saving') return 'Saving your albums…';
  return null;
}

/** An uploaded file's row once ingest has read it (live progress); null before, or without events. */
function readStatusText(item, read) {
  if (item.status !== 'done' || !read) return null;
  return read.status === 'ready'
    ? 'Uploaded and read: ready to organize'
    : `Uploaded, but cannot be used: ${read.reason}`;
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
  const interruptedBox = h('div', { class: 'interrupted-batch' });
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
  // The heading stays while the rest is redrawn: focus can wait on it while the content changes.
  const organizeTitle = h('h2', { id: 'organize-title', tabindex: '-1', text: 'Organize into albums' });
  const organizeBody = h('div', { class: 'organize-body' });
  const organizePanel = h(
    'section',
    { class: 'organize panel', 'aria-labelledby': 'organize-title', 'aria-live': 'polite' },
    organizeTitle,
    organizeBody,
  );

  setChildren(
    main,
    h('h1', { text: 'Upload photos' }),
    h('p', { class: 'lead', text: 'Add a batch of photos; one click then sorts them into albums.' }),
    interruptedBox,
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
    if (organizerState().phase === 'completed') putAwayOrganized();
    const rejected = addToQueue(files);
    const accepted = files.length - rejected.length;
    renderRejected(rejected);
    announce(`${photos(accepted)} added${rejected.length ? `, ${count(rejected.length)} not added` : ''}.`);
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

  /**
   * After organizing: the files it handled leave the list; anything it did not take (added while it
   * ran, or failed) stays, so starting a new drop never drops an upload on the floor.
   */
  function putAwayOrganized() {
    const organized = new Set(organizerState().parts.flatMap((part) => part.keys));
    for (const item of [...uploads.items]) {
      const handled =
        (item.key && organized.has(item.key)) ||
        item.status === 'repeat' ||
        item.status === 'cancelled' ||
        (item.status === 'duplicate' && item.duplicate?.organized);
      if (handled) uploads.remove(item);
    }
    resetOrganizer();
    setChildren(rejectedBox);
  }

  /** Empties the list; uploaded photos that were never organized are named first, with where they stay. */
  async function clearList() {
    const unorganized = organizerState().phase === 'completed' ? 0 : uploads.keysToOrganize().length;
    if (unorganized > 0) {
      const sure = await confirmAction({
        title: 'Clear the list without organizing?',
        message:
          `${photos(unorganized)} ${unorganized === 1 ? 'was' : 'were'} uploaded but not organized. ` +
          'They are kept for 6 days (your Library shows photos once they are organized); to organize ' +
          'them, drop the same files again within that time: they will not be uploaded twice.',
        confirmLabel: 'Clear list',
      });
      if (!sure) return;
    }
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
    const organizer = organizerState();
    queueSection.hidden = uploads.items.length === 0 && organizer.phase === 'idle';
    const progress = describeProgress(totals, organizer.phase === 'idle' ? null : progressOf());
    overallBar.max = progress.max;
    overallBar.value = progress.value;
    overallBar.dataset.phase = progress.phase;
    overallText.textContent = progress.text;
    drawActions(totals);
    drawRows(totals);
    drawOrganize(totals);
    drawInterrupted();
  }

  /** After a reload: the batch it interrupted, named, with what the user can do about it. */
  let interruptedDrawn;
  function drawInterrupted() {
    const batch = interruptedBatch();
    if (batch === interruptedDrawn) return;
    interruptedDrawn = batch;
    if (!batch) {
      setChildren(interruptedBox);
      return;
    }
    const { done, left } = summarize(batch);
    setChildren(
      interruptedBox,
      h(
        'div',
        { class: 'panel panel-warning' },
        h('p', { text: describeInterrupted(batch) }),
        h(
          'p',
          { class: 'actions' },
          left > 0
            ? button('Pick the same files', () => fileInput.click(), 'button button-primary')
            : button(`Organize ${photos(done)}`, organizeInterrupted, 'button button-primary'),
          button('Dismiss', dismissInterrupted, 'button button-quiet', 'Dismiss the interrupted upload'),
        ),
      ),
    );
  }

  // The buttons are made once and shown or hidden: one rebuilt (Pause becoming Resume) would lose the
  // keyboard focus.
  const pauseButton = button('Pause uploads', () => uploads.pause(), 'button');
  const resumeButton = button('Resume uploads', () => uploads.resume(), 'button');
  const cancelAllButton = button('Cancel all', () => uploads.cancelAll(), 'button');
  const retryFailedButton = button('Retry failed', () => uploads.retryFailed(), 'button');
  const clearButton = button('Clear list', clearList, 'button button-quiet');
  setChildren(actions, pauseButton, resumeButton, cancelAllButton, retryFailedButton, clearButton);
  function drawActions(totals) {
    const organizing = ['starting', 'running'].includes(organizerState().phase);
    const sending = totals.pending > 0;
    swapFocus(pauseButton, resumeButton, sending && totals.paused);
    swapFocus(resumeButton, pauseButton, sending && !totals.paused);
    pauseButton.hidden = !sending || totals.paused;
    resumeButton.hidden = !sending || !totals.paused;
    cancelAllButton.hidden = !sending;
    retryFailedButton.hidden = totals.failed === 0;
    clearButton.hidden = sending || organizing || uploads.items.length === 0;
  }

  function drawRows(totals) {
    syncRows(list, rows, uploads.items, createRow, totals);
  }

  function createRow(item) {
    // A file uploaded before a reload and not picked again has no bytes here to draw.
    const thumbnail = item.thumbnailUrl
      ? h('img', {
          src: item.thumbnailUrl,
          alt: '',
          width: 56,
          height: 56,
          class: 'thumb',
          // A drop of thousands must not decode thousands of full-size photos at once.
          loading: 'lazy',
          decoding: 'async',
        })
      : h('span', { class: 'thumb thumb-placeholder', text: 'Sent' });
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
    let drawn = '';
    let shown = '';
    return {
      element,
      update(totals) {
        // Thousands of rows are visited each frame: touch the DOM only for rows that changed.
        const read = item.key ? readOutcomes.get(item.key) : undefined;
        const now = `${item.status}:${item.loaded}:${item.error}:${item.retrying}:${totals.offline}:${totals.paused}:${read?.status}`;
        if (drawn !== now) {
          drawn = now;
          element.dataset.status = item.status;
          progress.value = item.status === 'done' ? item.size : item.loaded;
          progress.hidden = item.status === 'duplicate' || item.status === 'repeat';
          status.textContent = readStatusText(item, read) ?? itemStatusText(item, totals);
        }
        // Controls depend on the file's status and on whether organizing has begun.
        const state = `${item.status}:${organizerState().phase}`;
        if (shown === state) return;
        shown = state;
        const label = (verb) => `${verb} ${item.name}`;
        setChildren(
          control,
          ACTIVE.has(item.status)
            ? button('Cancel', () => uploads.cancel(item), 'button button-small', label('Cancel'))
            : null,
          item.status === 'failed' || item.status === 'cancelled'
            ? button('Retry', () => uploads.retry(item), 'button button-small', label('Retry'))
            : null,
          !ACTIVE.has(item.status) && organizerState().phase === 'idle'
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

  let organizeDrawn = '';
  function drawOrganize(totals) {
    const organizer = organizerState();
    // Progress redraws many times a second; this panel changes only with counts and phases.
    const shown = JSON.stringify([
      organizer.phase,
      organizer.current,
      organizer.parts.map((part) => [part.keys.length, part.done, part.job?.status]),
      organizer.job,
      organizer.error,
      organizer.unusable.length,
      organizer.connectionLost,
      organizer.live,
      [totals.files, totals.pending, totals.done, totals.duplicates, totals.repeats, totals.failed],
    ]);
    if (shown === organizeDrawn) return;
    organizeDrawn = shown;
    const keys = uploads.keysToOrganize();
    const children = [];
    const multiPart = organizer.parts.length > 1;
    const partLabel = multiPart ? `Part ${organizer.current + 1} of ${organizer.parts.length}: ` : '';
    if (organizer.phase === 'idle') {
      if (keys.length === 0 && uploads.items.length === 0 && !organizer.error) {
        organizePanel.hidden = true;
        return;
      }
      children.push(...readyToOrganize(keys, totals));
      if (organizer.error)
        children.push(h('p', { class: 'field-error', role: 'alert', text: organizer.error }));
    } else if (organizer.phase === 'starting') {
      children.push(jobStatus(`${partLabel}Sending your photos to the organizer…`, 'pending'));
      if (organizer.connectionLost)
        children.push(
          h('p', {
            class: 'hint',
            text: 'Waiting for the connection; it goes on by itself once you are back online.',
          }),
        );
    } else if (organizer.phase === 'running') {
      const status = organizer.job?.status ?? 'pending';
      const said = (organizer.live && liveStageText(organizer.live)) ?? STATUS_LABELS[status] ?? status;
      children.push(jobStatus(`${partLabel}${said}`, status));
      if (organizer.connectionLost)
        children.push(h('p', { class: 'hint', text: 'Connection lost; still trying…' }));
    } else if (organizer.phase === 'completed') {
      const jobs = finishedJobs();
      const organized = organizer.parts.reduce((sum, part) => sum + part.keys.length, 0);
      const organizedKeys = new Set(organizer.parts.flatMap((part) => part.keys));
      const leftover = keys.filter((key) => !organizedKeys.has(key));
      children.push(
        ...(multiPart
          ? [
              jobStatus(
                `Done: ${photos(organized)} organized in ${organizer.parts.length} parts.`,
                'completed',
              ),
              ...jobs.flatMap(partOutcome),
            ]
          : jobOutcome(organizer.job, showUndone)),
        ...jobSummary(combineJobs(jobs)),
        leftover.length > 0 && totals.pending === 0
          ? h(
              'p',
              {},
              `${photos(leftover.length)} arrived since and ${leftover.length === 1 ? 'is' : 'are'} not organized yet. `,
              button(
                `Organize ${photos(leftover.length)}`,
                () => {
                  putAwayOrganized();
                  startOrganizing(leftover);
                },
                'button',
              ),
            )
          : null,
        h(
          'p',
          {},
          h('a', { class: 'button button-primary', href: '#/albums', text: 'See your albums' }),
          ' ',
          button('Upload more photos', putAwayOrganized, 'button'),
        ),
      );
    } else if (organizer.phase === 'failed') {
      const done = organizer.parts.filter((part) => part.done).length;
      children.push(
        jobStatus(`${partLabel}Organizing failed: ${organizer.error}`, 'failed'),
        done > 0
          ? h('p', {
              class: 'hint',
              text: `The first ${plural(done, 'part')} ${done === 1 ? 'is' : 'are'} organized and stay${done === 1 ? 's' : ''} in your albums; retrying goes on from part ${organizer.current + 1}.`,
            })
          : null,
        h(
          'p',
          { class: 'actions' },
          button('Retry organizing', () => retryOrganizing(), 'button button-primary'),
          organizer.unusable.length > 0
            ? button(
                `Continue without ${organizer.unusable.length === 1 ? 'it' : `these ${count(organizer.unusable.length)}`}`,
                () => continueWithout(organizer.unusable),
                'button',
              )
            : null,
        ),
      );
    }
    const rejected = finishedJobs().flatMap((job) => job.rejectedImages ?? []);
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
    showOrganize(organizer.phase, children);
  }

  /**
   * While photos wait to be organized the panel sticks to the bottom of the window, so Organize is in
   * reach however long the list. Focus on a control that the redraw removes (Organize, Undo), or on
   * nothing as a job ends, moves to the panel's heading, which then says how it ended.
   */
  let shownPhase = null;
  function showOrganize(phase, children) {
    const hadFocus = organizeBody.contains(document.activeElement);
    const ended = phase === 'completed' || phase === 'failed';
    const justEnded = ended && shownPhase !== null && shownPhase !== phase;
    shownPhase = phase;
    organizePanel.classList.toggle('organize-sticky', !ended);
    organizeTitle.textContent =
      phase === 'completed'
        ? 'Your albums are ready'
        : phase === 'failed'
          ? 'Organizing stopped'
          : 'Organize into albums';
    setChildren(organizeBody, ...children);
    if (document.activeElement === document.body && (hadFocus || justEnded)) organizeTitle.focus();
  }

  /** Before organizing: what one click will do, or why there is nothing to do. */
  function readyToOrganize(keys, totals) {
    const lines = [];
    if (keys.length === 0 && totals.pending === 0 && totals.duplicates > 0 && totals.done === 0) {
      // Nothing new: say so, and where the photos already are.
      const all = totals.duplicates === totals.files - totals.repeats;
      lines.push(
        h('p', {
          class: 'all-known',
          text: `${all ? 'All' : 'The'} ${photos(totals.duplicates)} ${all ? 'are' : 'that could be checked are'} already in your library and in albums: nothing new to upload.`,
        }),
        h(
          'p',
          {},
          h('a', { class: 'button button-primary', href: '#/albums', text: 'See your albums' }),
          ' ',
          h('a', { class: 'button', href: '#/library', text: 'Open the library' }),
        ),
      );
      return lines;
    }
    const ready = keys.length > 0 && totals.pending === 0;
    const parts = splitIntoParts(keys).length;
    lines.push(
      h('p', {
        text: ready
          ? `${photos(keys.length)} ready. One click sorts them into albums.`
          : totals.pending > 0
            ? 'You can organize once the uploads have finished.'
            : 'Upload at least one photo to organize.',
      }),
    );
    if (parts > 1)
      lines.push(
        h('p', {
          class: 'hint',
          text: `One job organizes at most ${count(LIMITS.maxImagesPerJob)} photos, so these go in ${parts} parts, one after the other; each part joins the albums of the parts before it.`,
        }),
      );
    lines.push(
      button(
        `Organize ${photos(keys.length)}`,
        () => startOrganizing(keys),
        'button button-primary',
        undefined,
        !ready,
      ),
    );
    return lines;
  }

  function jobStatus(text, status) {
    return h('p', { class: `job-status job-${status}`, 'data-job-status': status, text });
  }

  let lastPhase = organizerState().phase;
  let lastPending = uploads.totals().pending;
  const unsubscribeQueue = uploads.subscribe(() => {
    const totals = uploads.totals();
    if (lastPending > 0 && totals.pending === 0 && totals.duplicates > 0) {
      announce(
        totals.done === 0 && uploads.keysToOrganize().length === 0
          ? `All ${photos(totals.duplicates)} are already in your library.`
          : `${photos(totals.duplicates)} already in your library, not uploaded again.`,
      );
    }
    lastPending = totals.pending;
    scheduleDraw();
  });
  const unsubscribeOrganizer = subscribeOrganizer((state) => {
    if (state.phase !== lastPhase) {
      lastPhase = state.phase;
      const totals = uploads.totals();
      for (const row of rows.values()) row.update(totals);
      if (state.phase === 'completed') announce('Your albums are ready.');
      if (state.phase === 'failed') announce('Organizing failed.');
    }
    scheduleDraw();
  });
  const unsubscribeSession = subscribeSession(scheduleDraw);
  let closed = false;
  let unsubscribePhotos = () => {};
  import('./live-progress.js').then((live) => {
    if (closed) return;
    live.ensureLiveProgress();
    unsubscribePhotos = live.onPhotoProgress((event) => {
      readOutcomes.set(event.key, event);
      scheduleDraw();
    });
  });
  draw();
  onRendered();
  return () => {
    closed = true;
    unsubscribePhotos();
    unsubscribeSession();
    unsubscribeQueue();
    unsubscribeOrganizer();
    cancelAnimationFrame(frame);
  };
}

/**
 * One part's outcome in a drop of several: its sentence (what it made and joined) and its own Undo,
 * worded so the parts' lines and buttons can be told apart.
 */
function partOutcome(job, index) {
  const [line, ...rest] = jobOutcome(job, showUndone);
  line.className = 'job-part';
  line.removeAttribute('data-job-status');
  line.textContent = `Part ${index + 1}: ${line.textContent}`;
  for (const element of rest)
    element
      .querySelector?.('button')
      ?.setAttribute('aria-label', `Undo part ${index + 1}’s albums (the photos stay in your library)`);
  return [line, ...rest];
}

/** The jobs of a drop as one: counts and costs add up; the offline note shows if any part needed it. */
function combineJobs(jobs) {
  if (jobs.length <= 1) return jobs[0] ?? {};
  const sum = (pick) => jobs.reduce((total, job) => total + (pick(job) ?? 0), 0);
  const withTokens = jobs.filter((job) => job.tokens);
  const costs = jobs.map((job) => job.estimatedCostUsd).filter((cost) => typeof cost === 'number');
  const dated = jobs.filter((job) => job.dateSources);
  return {
    organizer: jobs.find((job) => job.organizer === 'fallback')
      ? 'fallback'
      : (jobs.find((job) => job.organizer === 'offline' && job.fallbackReason)?.organizer ?? null),
    fallbackReason: jobs.find((job) => job.fallbackReason)?.fallbackReason ?? null,
    tokens: withTokens.length
      ? {
          input: sum((job) => job.tokens?.input),
          output: sum((job) => job.tokens?.output),
          thinking: sum((job) => job.tokens?.thinking),
        }
      : null,
    estimatedCostUsd: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
    dateSources: dated.length
      ? Object.fromEntries(
          ['exif', 'fileName', 'fileTime', 'none'].map((field) => [
            field,
            sum((job) => job.dateSources?.[field]),
          ]),
        )
      : null,
  };
}

/** When `from` has the focus and is about to be hidden for `to`, the focus moves to `to`. */
function swapFocus(from, to, swapping) {
  if (!swapping || document.activeElement !== from) return;
  to.hidden = false;
  to.focus();
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
