/**
 * The library: every photo, in albums or not, newest first. It is where the photos of a deleted album
 * remain reachable, and where a photo can be put back into an album or moved to the Trash.
 */
import { describeError } from './api.js';
import { addToAlbum, bulkRunner, moveToTrash, newAlbumFrom, selectionBar } from './bulk-actions.js';
import { h, keepPlace, setChildren, showNotice as showScreenNotice } from './dom.js';
import { pagedGrid } from './paged-grid.js';
import { loadAlbums, photoTile, trashPhoto } from './photos.js';
import { createSelection } from './selection.js';

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
      'All your photos, newest first, whether or not they are in an album. Deleted ones wait in the ',
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
    albumTitles: () => new Map(albums.map((album) => [album.id, album.title])),
    actions: (photo) => [
      {
        label: 'Add to album…',
        run: () => runBulk((ids) => addToAlbum(ids, { albums }), [photo.id]),
      },
      { label: 'Move to Trash', run: () => trashPhoto(photo, photo.originalFilename, change), danger: true },
    ],
  };

  function draw(photos) {
    const grid = h(
      'ul',
      { class: 'photo-grid', 'aria-label': 'Photos' },
      photos.map((_, index) => photoTile(photos, index, viewer)),
    );
    bar = selectionBar(selection, [
      { label: 'Add to album…', run: () => runBulk((ids) => addToAlbum(ids, { albums })) },
      { label: 'New album from selection…', run: () => runBulk(newAlbumFrom) },
      { label: 'Move to Trash', run: () => runBulk(moveToTrash), danger: true },
    ]);
    selection.attach(grid, photos);
    return [bar, grid];
  }

  pages.load();
  return () => {
    pages.stop();
    selection.stop({ quiet: true });
  };
}
