/**
 * One album: its photos in display order, a lightbox, and the corrections a person makes to what the
 * organizer did (rename, describe, cover, move, remove, delete). After every change the page is drawn
 * again from what the server now holds, in place: the reader keeps their scroll position and focus.
 */
import { collapseStacks } from './album-stacks.js';
import { api, describeError } from './api.js';
import {
  addToAlbum,
  bulkRunner,
  mergeInto,
  moveToAlbum,
  moveToTrash,
  newAlbumFrom,
  removeFromAlbum,
  selectionBar,
} from './bulk-actions.js';
import {
  errorPanel,
  h,
  keepPlace,
  plural,
  setChildren,
  showNotice as showScreenNotice,
  statusMessage,
} from './dom.js';
import { LIMITS } from './limits.js';
import { dateSpan, loadAlbums, photoTile, trashPhoto } from './photos.js';
import { createSelection } from './selection.js';
import { offerUndo } from './undo.js';

const MAX_TITLE = LIMITS.maxAlbumTitleLength;
const MAX_DESCRIPTION = LIMITS.maxAlbumDescriptionLength;

export function render(main, { params, announce, onRendered, onRefresh }) {
  const { albumId } = params;
  let alive = true;
  let busy = false;
  let bar = null;
  const selection = createSelection({ announce, onChange: () => bar?.update() });
  const runBulk = bulkRunner({
    selection,
    announce,
    notify: (message, role) => showNotice(message, role),
    reload: () => keepPlace(main, load),
  });
  onRefresh(() => keepPlace(main, load));

  setChildren(main, h('h1', { text: 'Album' }), statusMessage('Loading the album…'));

  async function load() {
    try {
      const albums = await loadAlbums();
      if (!alive) return;
      const album = albums.find((candidate) => candidate.id === albumId);
      if (!album) {
        setChildren(
          main,
          h('h1', { text: 'Album not found' }),
          h(
            'p',
            {},
            'It may have been deleted. ',
            h('a', { href: '#/albums', text: 'Back to your albums' }),
            '.',
          ),
        );
      } else {
        draw(
          album,
          albums.filter((other) => other.id !== album.id),
        );
      }
    } catch (error) {
      if (alive) {
        setChildren(
          main,
          h('h1', { text: 'Album' }),
          errorPanel(`The album could not be loaded. ${describeError(error)}`, () => load()),
        );
      }
    }
  }

  async function firstLoad() {
    await load();
    // Focus follows the real heading, which exists only once the album has arrived.
    if (alive) onRendered();
  }

  /** Runs one change; reports the outcome and redraws from the server's state. */
  async function change(work, successMessage) {
    if (busy) return false;
    busy = true;
    main.setAttribute('aria-busy', 'true');
    try {
      await work();
      // No message: an undo offer speaks instead.
      if (successMessage) announce(successMessage);
      await keepPlace(main, load);
      if (successMessage) showNotice(successMessage, 'status');
      return true;
    } catch (error) {
      showNotice(describeError(error), 'alert');
      return false;
    } finally {
      busy = false;
      main.removeAttribute('aria-busy');
    }
  }

  function showNotice(message, role) {
    showScreenNotice(main.querySelector('.notice'), message, role);
  }

  function draw(album, otherAlbums) {
    const photos = album.images;
    setChildren(
      main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/albums', text: '← All albums' })),
      h('h1', { tabindex: '-1', text: album.title }),
      albumWhen(album),
      album.themeDescription
        ? h('p', { class: 'lead album-description', text: album.themeDescription })
        : null,
      h('p', { class: 'album-count', text: plural(photos.length, 'photo') }),
      shareButton(album),
      h('p', { class: 'notice', hidden: true }),
      h('div', { class: 'actions' }, membersButton(album), pageButton(album)),
      editPanel(album, otherAlbums),
      photos.length === 0 ? null : bulkBar(otherAlbums),
      photos.length === 0
        ? h(
            'div',
            { class: 'empty-state panel' },
            h(
              'p',
              { text: 'This album is empty. Add photos from your ' },
              h('a', { href: '#/library', text: 'library' }),
              '.',
            ),
          )
        : photoGrid(album, photos, otherAlbums),
    );
  }

  function shareButton(album) {
    const button = h('button', { type: 'button', class: 'button', text: 'Share…' });
    button.addEventListener('click', async () => {
      try {
        const { openShareDialog } = await import('./share-dialog.js');
        await openShareDialog({ albumId, albumTitle: album.title });
      } catch (error) {
        showNotice(describeError(error), 'alert');
      }
    });
    return h('div', { class: 'album-actions' }, button);
  }

  function bulkBar(otherAlbums) {
    bar = selectionBar(selection, [
      {
        label: 'Move to album…',
        run: () => runBulk((ids) => moveToAlbum(ids, { from: albumId, albums: otherAlbums })),
      },
      { label: 'Add to album…', run: () => runBulk((ids) => addToAlbum(ids, { albums: otherAlbums })) },
      { label: 'Remove from album', run: () => runBulk((ids) => removeFromAlbum(ids, { albumId })) },
      { label: 'New album from selection…', run: () => runBulk(newAlbumFrom) },
      { label: 'Move to Trash', run: () => runBulk(moveToTrash), danger: true },
    ]);
    return bar;
  }

  /** Sharing with people (issue 17): the Members dialog, loaded on first use. */
  function membersButton(album) {
    const button = h('button', { type: 'button', class: 'button', text: 'Share with people…' });
    button.addEventListener('click', async () => {
      const { openMembersDialog } = await import('./members-dialog.js');
      await openMembersDialog(album, { announce, onChanged: () => keepPlace(main, load) });
    });
    return button;
  }

  /** The album's generated page (issue 17): the Page dialog, loaded on first use. */
  function pageButton(album) {
    const button = h('button', { type: 'button', class: 'button', text: 'Page…' });
    button.addEventListener('click', async () => {
      const { openPageDialog } = await import('./page-dialog.js');
      await openPageDialog(album, { announce });
    });
    return button;
  }

  function editPanel(album, otherAlbums) {
    const title = h('input', {
      id: 'album-title',
      name: 'title',
      required: true,
      maxlength: MAX_TITLE,
      value: album.title,
    });
    const description = h('textarea', {
      id: 'album-description',
      name: 'themeDescription',
      maxlength: MAX_DESCRIPTION,
      rows: 3,
    });
    description.value = album.themeDescription;
    const error = h('p', { class: 'field-error', id: 'album-form-error', role: 'alert' });
    const form = h(
      'form',
      { class: 'stack', novalidate: true },
      h('label', { for: 'album-title', text: 'Title' }),
      title,
      h('label', { for: 'album-description', text: 'Description' }),
      description,
      h('p', {
        class: 'hint',
        text: `Up to ${MAX_TITLE} characters for the title and ${MAX_DESCRIPTION} for the description.`,
      }),
      error,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'button button-primary', text: 'Save changes' }),
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const newTitle = title.value.trim();
      if (newTitle.length === 0) {
        error.textContent = 'The title cannot be empty.';
        title.setAttribute('aria-invalid', 'true');
        title.setAttribute('aria-describedby', 'album-form-error');
        title.focus();
        return;
      }
      await change(
        () =>
          api(`/api/albums/${albumId}`, {
            method: 'PATCH',
            body: { title: newTitle, themeDescription: description.value.trim() },
          }),
        'Album saved.',
      );
    });
    const remove = h('button', { type: 'button', class: 'button button-danger', text: 'Delete album' });
    // Undoable (for 30 days), so it is not confirmed first.
    remove.addEventListener('click', async () => {
      try {
        await api(`/api/albums/${albumId}`, { method: 'DELETE' });
        location.hash = '#/albums';
        offerUndo(`Album “${album.title}” deleted; its photos are still in your library`, async () => {
          await api(`/api/albums/${albumId}/restore`, { method: 'POST' });
          location.hash = `#/albums/${albumId}`;
          return `Album “${album.title}” restored.`;
        });
      } catch (failure) {
        showNotice(describeError(failure), 'alert');
      }
    });
    const merge = h('button', { type: 'button', class: 'button', text: 'Merge into…' });
    merge.addEventListener('click', () => runBulk(() => mergeInto(album, { albums: otherAlbums })));
    return h(
      'details',
      { class: 'edit-album panel' },
      h('summary', { text: 'Edit album' }),
      form,
      otherAlbums.length > 0 ? h('div', { class: 'actions' }, merge) : null,
      h('div', { class: 'danger-zone' }, remove),
    );
  }

  function photoGrid(album, photos, otherAlbums) {
    const viewer = {
      actions: (photo) => photoActions(album, photo, otherAlbums),
    };
    const grid = h(
      'ul',
      { class: 'photo-grid', 'aria-label': 'Photos' },
      photos.map((photo, index) =>
        photoTile(
          photos,
          index,
          viewer,
          photo.id === album.coverImageId ? h('span', { class: 'badge tile-badge', text: 'Cover' }) : null,
        ),
      ),
    );
    collapseStacks(grid, album);
    selection.attach(grid, photos);
    return grid;
  }

  /** What the viewer's info panel offers for one photo of the album. */
  function photoActions(album, photo, otherAlbums) {
    const one = [photo.id];
    return [
      photo.id === album.coverImageId
        ? null
        : {
            label: 'Set as cover',
            run: () =>
              change(
                () => api(`/api/albums/${albumId}`, { method: 'PATCH', body: { coverImageId: photo.id } }),
                'Cover changed.',
              ),
          },
      otherAlbums.length > 0
        ? {
            label: 'Move to album…',
            run: () => runBulk((ids) => moveToAlbum(ids, { from: albumId, albums: otherAlbums }), one),
          }
        : null,
      {
        label: 'Remove from album',
        run: () =>
          change(
            () => api(`/api/albums/${albumId}/images/${photo.id}`, { method: 'DELETE' }),
            'Removed from the album. The photo is still in your library.',
          ),
      },
      { label: 'Move to Trash', run: () => trashPhoto(photo, photo.originalFilename, change), danger: true },
    ].filter(Boolean);
  }

  firstLoad();
  return () => {
    alive = false;
    selection.stop({ quiet: true });
  };
}

/** "12–14 May 2026 · Porto, Portugal": when and where the album's photos were taken, when known. */
function albumWhen(album) {
  const place = album.place ? `${album.place.city}, ${album.place.country}` : null;
  const when = [dateSpan(album.takenFrom, album.takenTo), place].filter(Boolean).join(' · ');
  return when ? h('p', { class: 'album-when', text: when }) : null;
}
