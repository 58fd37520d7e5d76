/**
 * The library: every photo, in albums or not, newest first. It is where the photos of a deleted album
 * remain reachable, and where a photo can be put back into an album or moved to the Trash.
 */
import { api, describeError } from './api.js';
import { addToAlbum, bulkRunner, moveToTrash, newAlbumFrom, selectionBar } from './bulk-actions.js';
import { errorPanel, h, setChildren, statusMessage } from './dom.js';
import { loadAlbums, previewButton, trashPhoto } from './photos.js';
import { createSelection } from './selection.js';

const PAGE_SIZE = 60;

export function render(main, { announce, onRendered }) {
  let alive = true;
  let photos = [];
  let albums = [];
  let nextCursor = null;
  const body = h('div', { class: 'library-body' });
  const notice = h('p', { class: 'notice', hidden: true });
  let bar = null;
  const selection = createSelection({ announce, onChange: () => bar?.update() });
  const runBulk = bulkRunner({
    selection,
    announce,
    notify: (message, role) => showNotice(message, role),
    reload: () => load(),
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

  async function load() {
    setChildren(body, statusMessage('Loading your photos…'));
    try {
      const [page, allAlbums] = await Promise.all([api(`/api/images?limit=${PAGE_SIZE}`), loadAlbums()]);
      if (!alive) return;
      photos = page.images;
      nextCursor = page.nextCursor;
      albums = allAlbums;
      draw();
    } catch (error) {
      if (alive)
        setChildren(body, errorPanel(`Your photos could not be loaded. ${describeError(error)}`, load));
    }
  }

  async function loadMore(button) {
    button.disabled = true;
    try {
      const page = await api(`/api/images?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(nextCursor)}`);
      if (!alive) return;
      photos = photos.concat(page.images);
      nextCursor = page.nextCursor;
      draw();
    } catch (error) {
      button.disabled = false;
      showNotice(describeError(error), 'alert');
    }
  }

  function showNotice(message, role) {
    notice.className = `notice panel ${role === 'alert' ? 'panel-error' : 'panel-info'}`;
    notice.setAttribute('role', role);
    notice.textContent = message;
    notice.hidden = false;
  }

  /** Runs one change and redraws; says `message` (if any: an undo offer may speak instead). */
  async function change(work, message) {
    try {
      await work();
      await load();
      // Told only once the page shows the server's new state.
      if (message) {
        announce(message);
        showNotice(message, 'status');
      }
      main.querySelector('h1')?.focus();
      return true;
    } catch (error) {
      showNotice(describeError(error), 'alert');
      return false;
    }
  }

  function draw() {
    if (photos.length === 0) {
      setChildren(
        body,
        h(
          'div',
          { class: 'empty-state panel' },
          h('h2', { text: 'No photos yet' }),
          h('p', { text: 'Photos appear here once they have been uploaded and organized.' }),
          h('a', { class: 'button button-primary', href: '#/upload', text: 'Upload photos' }),
        ),
      );
      return;
    }
    const titles = new Map(albums.map((album) => [album.id, album.title]));
    const more = nextCursor
      ? h('button', { type: 'button', class: 'button', text: 'Load more photos' })
      : null;
    more?.addEventListener('click', () => loadMore(more));
    const grid = h(
      'ul',
      { class: 'photo-grid', 'aria-label': 'Photos' },
      photos.map((photo, index) => tile(photo, index, titles)),
    );
    bar = selectionBar(selection, [
      { label: 'Add to album…', run: () => runBulk((ids) => addToAlbum(ids, { albums })) },
      { label: 'New album from selection…', run: () => runBulk(newAlbumFrom) },
      { label: 'Move to Trash', run: () => runBulk(moveToTrash), danger: true },
    ]);
    selection.attach(grid, photos);
    setChildren(body, bar, grid, more);
  }

  function tile(photo, index, titles) {
    const open = previewButton(photos, index);
    const inAlbums = photo.albumIds.map((id) => titles.get(id)).filter(Boolean);
    const candidates = albums.filter((album) => !photo.albumIds.includes(album.id));
    const selectId = `add-${photo.id}`;
    const select = h(
      'select',
      { id: selectId },
      candidates.map((album) => h('option', { value: album.id, text: album.title })),
    );
    const name = photo.originalFilename;
    return h(
      'li',
      { class: 'photo-tile', 'data-photo-id': photo.id },
      open,
      h(
        'div',
        { class: 'photo-meta' },
        h('span', { class: 'photo-name', text: name }),
        h('span', {
          class: 'photo-albums',
          text: inAlbums.length ? `In ${inAlbums.join(', ')}` : 'Not in any album',
        }),
      ),
      h(
        'details',
        { class: 'photo-actions' },
        h('summary', {}, 'Options', h('span', { class: 'visually-hidden', text: ` for ${name}` })),
        h(
          'div',
          { class: 'photo-actions-menu' },
          candidates.length > 0
            ? h(
                'div',
                { class: 'move-row' },
                h('label', { for: selectId, text: 'Add to' }),
                select,
                h('button', {
                  type: 'button',
                  class: 'button button-small',
                  'aria-label': `Add ${name} to the album`,
                  text: 'Add',
                  onclick: () =>
                    change(
                      () =>
                        api(`/api/albums/${select.value}/images`, {
                          method: 'POST',
                          body: { imageId: photo.id },
                        }),
                      'Added to the album.',
                    ),
                }),
              )
            : null,
          h('button', {
            type: 'button',
            class: 'button button-small button-danger',
            text: 'Move to Trash',
            onclick: () => trashPhoto(photo, name, change),
          }),
        ),
      ),
    );
  }

  load();
  return () => {
    alive = false;
    selection.stop({ quiet: true });
  };
}
