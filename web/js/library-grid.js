/**
 * The library's photos as a screen shows them, with what can be done to them: pages, Select mode and
 * its bulk actions (add to an album, a new album, the Trash), the viewer with its info panel and
 * actions, and the notice line. The library (a timeline) and the search results (a grid) share it and
 * differ only in how they lay the photos out.
 */
import { describeError } from './api.js';
import { addToAlbum, bulkRunner, moveToTrash, newAlbumFrom, selectionBar } from './bulk-actions.js';
import { h, keepPlace, showNotice as showScreenNotice } from './dom.js';
import { pagedGrid } from './paged-grid.js';
import { loadAlbums, photoTile, trashPhoto } from './photos.js';
import { createSelection } from './selection.js';

const PAGE_SIZE = 60;

/**
 * `main`: the screen; `announce(text)`: the live region; `path`, `query`, `list`, `loadingText`,
 * `failureText`, `empty()`: as paged-grid.js takes them; `layout(photos, page, tile)`: { grid, extras }
 * — the grid (its tiles drawn with `tile(index)`) and the nodes shown between the selection bar and it;
 * `onAlbums(albums)`: the user's albums, each time they are loaded with a first page.
 * Returns { body, notice, pages, showNotice, refresh, stop }: the screen places `notice` and `body`.
 */
export function libraryGrid({
  main,
  announce,
  path,
  query,
  list,
  loadingText,
  failureText,
  empty,
  layout,
  onAlbums,
}) {
  let albums = [];
  const body = h('div', { class: 'library-body' });
  const notice = h('p', { class: 'notice', hidden: true });
  let bar = null;
  const selection = createSelection({ announce, onChange: () => bar?.update() });
  const showNotice = (message, role) => showScreenNotice(notice, message, role);
  const refresh = () => keepPlace(main, pages.refresh);
  const runBulk = bulkRunner({ selection, announce, notify: showNotice, reload: refresh });
  const pages = pagedGrid({
    body,
    path,
    query,
    list,
    pageSize: PAGE_SIZE,
    loadingText,
    failureText,
    alongside: async () => {
      albums = await loadAlbums();
      onAlbums?.(albums);
    },
    draw,
    empty,
    notify: showNotice,
  });

  /** Runs one change and redraws (the viewer's Move to Trash: its undo offer speaks for it). */
  async function change(work) {
    try {
      await work();
      await refresh();
      return true;
    } catch (error) {
      showNotice(describeError(error), 'alert');
      return false;
    }
  }

  /** What the viewer's info panel offers for one photo (the rest is in Select mode). */
  const viewer = {
    actions: (photo) => [
      { label: 'Add to album…', run: () => runBulk((ids) => addToAlbum(ids, { albums }), [photo.id]) },
      { label: 'Move to Trash', run: () => trashPhoto(photo, photo.originalFilename, change), danger: true },
    ],
  };

  function draw(photos, page) {
    const { grid, extras = [] } = layout(photos, page, (index) => photoTile(photos, index, viewer));
    bar = selectionBar(selection, [
      { label: 'Add to album…', run: () => runBulk((ids) => addToAlbum(ids, { albums })) },
      { label: 'New album from selection…', run: () => runBulk(newAlbumFrom) },
      { label: 'Move to Trash', run: () => runBulk(moveToTrash), danger: true },
    ]);
    selection.attach(grid, photos);
    return [bar, ...extras, grid];
  }

  return {
    body,
    notice,
    pages,
    showNotice,
    refresh,
    stop() {
      pages.stop();
      selection.stop({ quiet: true });
    },
  };
}
