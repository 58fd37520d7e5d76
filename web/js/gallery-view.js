/** The albums screen: one card per album with its cover, title, description and photo count. */
import { describeError } from './api.js';
import { h, loadInto, plural, setChildren, statusMessage } from './dom.js';
import { COVER_SIZES, coverOf, loadAlbums, previewImage } from './photos.js';

export function render(main, { announce, onRendered }) {
  const body = h('div', { class: 'albums-body' });
  const notice = h('p', { class: 'notice', hidden: true });
  const create = h('button', { type: 'button', class: 'button', text: 'New album' });
  create.addEventListener('click', async () => {
    try {
      // Loaded on first use: the albums screen itself stays small.
      const { newEmptyAlbum } = await import('./bulk-actions.js');
      const made = await newEmptyAlbum();
      if (!made) return;
      announce(made.message);
      location.hash = `#/albums/${made.id}`;
    } catch (error) {
      notice.className = 'notice panel panel-error';
      notice.setAttribute('role', 'alert');
      notice.textContent = describeError(error);
      notice.hidden = false;
    }
  });
  setChildren(main, h('h1', { text: 'Your albums' }), h('div', { class: 'actions' }, create), notice, body);
  onRendered();
  return loadInto(body, {
    loading: () => [statusMessage('Loading your albums…'), skeletonCards()],
    load: async () => {
      const albums = await loadAlbums();
      return albums.length === 0 ? emptyState() : albumCards(albums);
    },
    failure: (error) => `Your albums could not be loaded. ${describeError(error)}`,
  });
}

function albumCards(albums) {
  return h(
    'ul',
    { class: 'album-cards' },
    albums.map((album) => {
      const cover = coverOf(album);
      return h(
        'li',
        { class: 'album-card' },
        h(
          'a',
          { href: `#/albums/${album.id}`, class: 'album-link' },
          h(
            'div',
            { class: 'album-cover' },
            cover
              ? previewImage(cover, { alt: '', sizes: COVER_SIZES })
              : h('span', { class: 'album-empty', text: 'No photos' }),
          ),
          h('h2', { class: 'album-title', text: album.title }),
        ),
        album.themeDescription ? h('p', { class: 'album-description', text: album.themeDescription }) : null,
        h('p', { class: 'album-count', text: plural(album.photoCount, 'photo') }),
      );
    }),
  );
}

function emptyState() {
  return h(
    'div',
    { class: 'empty-state panel' },
    h('h2', { text: 'No albums yet' }),
    h('p', { text: 'Upload a batch of photos and Momentarium will sort them into albums for you.' }),
    h('a', { class: 'button button-primary', href: '#/upload', text: 'Upload photos' }),
  );
}

function skeletonCards() {
  return h(
    'ul',
    { class: 'album-cards skeleton', 'aria-hidden': 'true' },
    [1, 2, 3].map(() => h('li', { class: 'album-card' }, h('div', { class: 'album-cover' }))),
  );
}
