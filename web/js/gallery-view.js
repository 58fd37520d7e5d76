/**
 * The albums screen: newest first by when their photos were taken (undated ones last), under a
 * header per year; one card per album with its cover, title, date span, place, description and count.
 */
import { describeError } from './api.js';
import { h, loadInto, plural, setChildren, statusMessage } from './dom.js';
import { COVER_SIZES, coverOf, dateSpan, loadAlbums, previewImage } from './photos.js';

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

/** Newest photos first; albums with no dated photo last; then the newest album first. */
function byDate(a, b) {
  if (a.takenTo !== b.takenTo) {
    if (a.takenTo === null) return 1;
    if (b.takenTo === null) return -1;
    return a.takenTo < b.takenTo ? 1 : -1;
  }
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
}

function albumCards(albums) {
  const years = new Map();
  for (const album of [...albums].sort(byDate)) {
    const year = album.takenTo ? album.takenTo.slice(0, 4) : 'Undated';
    years.set(year, [...(years.get(year) ?? []), album]);
  }
  return [...years].map(([year, list]) =>
    h(
      'section',
      { class: 'album-year', 'aria-labelledby': `year-${year}` },
      h('h2', { class: 'year-header', id: `year-${year}`, text: year }),
      h('ul', { class: 'album-cards' }, list.map(albumCard)),
    ),
  );
}

function albumCard(album) {
  const cover = coverOf(album);
  const when = [dateSpan(album.takenFrom, album.takenTo), album.place?.city].filter(Boolean).join(' · ');
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
      h('h3', { class: 'album-title', text: album.title }),
    ),
    when ? h('p', { class: 'album-when', text: when }) : null,
    album.themeDescription ? h('p', { class: 'album-description', text: album.themeDescription }) : null,
    h('p', { class: 'album-count', text: plural(album.photoCount, 'photo') }),
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
