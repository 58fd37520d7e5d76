/**
 * The Trash: photos deleted in the last 30 days, most recently deleted first, each with the days it has
 * left. Restoring one (or a selection) puts it back in the albums it was in; emptying the Trash, after
 * a confirmation, deletes everything in it for good, files included.
 */
import { api, describeError } from './api.js';
import { bulkRunner, selectionBar } from './bulk-actions.js';
import { confirmAction } from './dialogs.js';
import { h, keepPlace, plural, setChildren, showNotice as showScreenNotice } from './dom.js';
import { pagedGrid } from './paged-grid.js';
import { photoTile } from './photos.js';
import { createSelection } from './selection.js';
import { hideUndo, restorePhotos } from './undo.js';

const PAGE_SIZE = 60;
const DAY_MS = 24 * 3600 * 1000;

/** "12 days left", as of now; a photo past its days goes at the next daily clean-up. */
export function daysLeft(purgeAt, now = Date.now()) {
  const days = Math.ceil((Date.parse(purgeAt) - now) / DAY_MS);
  return days <= 0 ? 'Deleted for good at the next clean-up' : `${plural(days, 'day')} left`;
}

export function render(main, { announce, onRendered, onRefresh }) {
  const body = h('div', { class: 'library-body' });
  const notice = h('p', { class: 'notice', hidden: true });
  let bar = null;
  const selection = createSelection({ announce, onChange: () => bar?.update() });
  const runBulk = bulkRunner({
    selection,
    announce,
    notify: showNotice,
    reload: () => keepPlace(main, pages.refresh),
  });
  const pages = pagedGrid({
    body,
    path: '/api/trash',
    pageSize: PAGE_SIZE,
    loadingText: 'Loading the Trash…',
    failureText: 'The Trash could not be loaded.',
    draw,
    empty: () =>
      h(
        'div',
        { class: 'empty-state panel' },
        h('h2', { text: 'The Trash is empty' }),
        h('p', { text: 'Photos you move to the Trash appear here for 30 days.' }),
        h('a', { class: 'button', href: '#/library', text: 'Go to the library' }),
      ),
    notify: showNotice,
  });
  const load = () => pages.load();
  setChildren(
    main,
    h('h1', { text: 'Trash' }),
    h('p', {
      class: 'lead',
      text: 'Photos you delete wait here for 30 days, out of every album and the library. Restore one to put it back where it was; after 30 days it is deleted for good.',
    }),
    notice,
    body,
  );
  onRendered();
  onRefresh(() => keepPlace(main, pages.refresh));

  function showNotice(message, role) {
    showScreenNotice(notice, message, role);
  }

  async function restore(ids) {
    await restorePhotos(ids);
    // An undo offer for these photos' deletion has nothing left to undo.
    hideUndo();
    return `Restored ${plural(ids.length, 'photo')}. ${ids.length === 1 ? 'It is' : 'They are'} back where ${ids.length === 1 ? 'it was' : 'they were'}.`;
  }

  async function emptyTrash() {
    const confirmed = await confirmAction({
      title: 'Empty the Trash?',
      message: `${pages.hasMore ? 'Every photo' : `The ${plural(pages.photos.length, 'photo')}`} in the Trash will be deleted for good, with ${pages.photos.length === 1 ? 'its' : 'their'} files. This cannot be undone.`,
      confirmLabel: 'Empty Trash',
      danger: true,
    });
    if (!confirmed) return;
    let deleted = 0;
    try {
      // The API deletes a bounded number per call and says how many are left.
      for (;;) {
        const answer = await api('/api/trash', { method: 'DELETE' });
        deleted += answer.deleted;
        if (answer.remaining === 0 || answer.deleted === 0) break;
      }
      hideUndo();
      await load();
      const message = `Deleted ${plural(deleted, 'photo')} for good. The Trash is empty.`;
      announce(message);
      showNotice(message, 'status');
    } catch (error) {
      showNotice(
        `${deleted > 0 ? `${plural(deleted, 'photo')} were deleted; the rest were not. ` : ''}${describeError(error)}`,
        'alert',
      );
      await load();
    }
  }

  /** The viewer's info panel says how long a photo has left and restores it. */
  const viewer = {
    facts: (photo) => [['In the Trash', daysLeft(photo.purgeAt)]],
    actions: (photo) => [{ label: 'Restore', run: () => runBulk(restore, [photo.id]) }],
  };

  function draw(photos) {
    const empty = h('button', { type: 'button', class: 'button button-danger', text: 'Empty Trash…' });
    empty.addEventListener('click', emptyTrash);
    const grid = h(
      'ul',
      { class: 'photo-grid', 'aria-label': 'Photos in the Trash' },
      photos.map((photo, index) =>
        photoTile(photos, index, viewer, h('span', { class: 'tile-note', text: daysLeft(photo.purgeAt) })),
      ),
    );
    bar = selectionBar(selection, [{ label: 'Restore', run: () => runBulk(restore) }]);
    selection.attach(grid, photos);
    return [h('div', { class: 'actions' }, empty), bar, grid];
  }

  load();
  return () => {
    pages.stop();
    selection.stop({ quiet: true });
  };
}
