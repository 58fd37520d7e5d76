/**
 * The library: every photo, in albums or not, as a timeline (newest taken first, a header per month,
 * a date scrubber to jump). It is where the photos of a deleted album remain reachable, and where a
 * photo can be put back into an album or moved to the Trash.
 */

import { collapseStacks } from './album-stacks.js';
import { describeError } from './api.js';
import { addToAlbum, bulkRunner, moveToTrash, newAlbumFrom, selectionBar } from './bulk-actions.js';
import { h, keepPlace, setChildren, showNotice as showScreenNotice } from './dom.js';
import { pagedGrid } from './paged-grid.js';
import { loadAlbums, photoTile, trashPhoto } from './photos.js';
import { createSelection } from './selection.js';
import { monthSections, scrubber } from './timeline.js';

const PAGE_SIZE = 60;

export function render(main, { announce, onRendered, onRefresh }) {
  let albums = [];
  const body = h('div', { class: 'library-body' });
  const notice = h('p', { class: 'notice', hidden: true });
  let bar = null;
  const selection = createSelection({ announce, onChange: () => bar?.update() });
  const runBulk = bulkRunner({
    selection,
    announce,
    notify: (message, role) => showNotice(message, role),
    reload: () => keepPlace(main, pages.refresh),
  });
  const pages = pagedGrid({
    body,
    path: '/api/images',
    pageSize: PAGE_SIZE,
    loadingText: 'Loading your photos…',
    failureText: 'Your photos could not be loaded.',
    alongside: async () => {
      albums = await loadAlbums();
    },
    draw,
    empty: () =>
      h(
        'div',
        { class: 'empty-state panel' },
        h('h2', { text: 'No photos yet' }),
        h('p', { text: 'Photos appear here once they have been uploaded and organized.' }),
        h('a', { class: 'button button-primary', href: '#/upload', text: 'Upload photos' }),
      ),
    notify: showNotice,
  });
  setChildren(
    main,
    h('h1', { text: 'Library' }),
    h(
      'p',
      { class: 'lead' },
      'All your photos by the month they were taken, newest first, whether or not they are in an album. Deleted ones wait in the ',
      h('a', { href: '#/trash', text: 'Trash' }),
      ' for 30 days.',
    ),
    h('p', {}, h('a', { href: '#/library/similar', text: 'Review similar photos' })),
    notice,
    body,
  );
  onRendered();
  onRefresh(() => keepPlace(main, pages.refresh));

  function showNotice(message, role) {
    showScreenNotice(notice, message, role);
  }

  /** Runs one change and redraws; says `message` (if any: an undo offer may speak instead). */
  async function change(work, message) {
    try {
      await work();
      await keepPlace(main, pages.refresh);
      // Told only once the page shows the server's new state.
      if (message) {
        announce(message);
        showNotice(message, 'status');
      }
      return true;
    } catch (error) {
      showNotice(describeError(error), 'alert');
      return false;
    }
  }

  /** What the viewer's info panel offers for one photo (the rest is in Select mode). */
  const viewer = {
    actions: (photo) => [
      {
        label: 'Add to album…',
        run: () => runBulk((ids) => addToAlbum(ids, { albums }), [photo.id]),
      },
      { label: 'Move to Trash', run: () => trashPhoto(photo, photo.originalFilename, change), danger: true },
    ],
  };

  /** The month the page starts at after a jump (newer photos are then one click away); null: the newest. */
  let startMonth = null;

  async function jump(month) {
    const section = () => body.querySelector(`[data-month="${month}"]`);
    if (!section()) {
      startMonth = month;
      await pages.load(`&before=${month}`);
    }
    section()?.scrollIntoView({ block: 'start' });
    section()?.querySelector('h2')?.focus({ preventScroll: true });
  }

  function draw(photos, page) {
    const grid = monthSections(photos, (index) => photoTile(photos, index, viewer));
    const newer = startMonth
      ? h('button', {
          type: 'button',
          class: 'button load-newer',
          text: 'Show newer photos',
          onclick: () => {
            startMonth = null;
            pages.load('');
          },
        })
      : null;
    bar = selectionBar(selection, [
      { label: 'Add to album…', run: () => runBulk((ids) => addToAlbum(ids, { albums })) },
      { label: 'New album from selection…', run: () => runBulk(newAlbumFrom) },
      { label: 'Move to Trash', run: () => runBulk(moveToTrash), danger: true },
    ]);
    collapseStacks(grid, page);
    selection.attach(grid, photos);
    return [bar, scrubber(page.months, jump), newer, grid];
  }

  pages.load();
  return () => {
    pages.stop();
    selection.stop({ quiet: true });
  };
}
