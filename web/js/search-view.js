/**
 * The search screen (#/search?q=…&town=…): the photos that match the words and filters its address
 * names (GET /api/search), with a chip per filter in use (each removable), an "Add filter" form, and
 * the library's grid, selection, bulk actions and viewer. Every change of filters is a new address, so
 * Back and Forward step through them and a link (from the map, from People) opens the same results.
 */
import { api } from './api.js';
import { h, plural, setChildren, statusMessage } from './dom.js';
import { libraryGrid } from './library-grid.js';
import { activeFilters, filterForm } from './search-filters.js';
import { SEARCH_FIELDS, searchHash } from './search-link.js';
import { screenHash } from './viewer-history.js';

/** Set when a chip is removed or filters applied: the new screen puts focus back among the filters. */
let focusFilters = false;

export function render(main, { params, announce, onRendered, onRefresh }) {
  const search = params.search;
  const chips = activeFilters(search);
  const filtering = chips.some((chip) => !chip.fields.includes('q'));
  let choices;
  let albums;
  let lastCount = null;

  const grid = libraryGrid({
    main,
    announce,
    path: '/api/search',
    query: searchQuery(search),
    list: 'photos',
    loadingText: 'Searching your photos…',
    failureText: 'The search could not be done.',
    empty,
    layout,
    onAlbums: (loaded) => {
      albums = loaded;
      drawFilters();
    },
  });
  const chipList = h('ul', { class: 'filter-chips', 'aria-label': 'Filters in use' });
  const addFilter = h(
    'details',
    { class: 'add-filter', open: chips.length === 0 },
    h('summary', { class: 'button button-small', text: 'Add filter' }),
    h('div', { class: 'add-filter-body' }),
  );
  const filterBody = addFilter.lastChild;
  setChildren(
    main,
    h('h1', { text: 'Search' }),
    h('p', {
      class: 'lead',
      text:
        'Words find photos by what they show, their albums’ titles and descriptions, where they were ' +
        'taken, the camera and their file names. Filters narrow by date, place, camera, person and album.',
    }),
    h('div', { class: 'search-filters' }, chipList, addFilter),
    grid.notice,
    grid.body,
  );
  drawChips();
  drawFilters();
  onRendered();
  onRefresh(grid.refresh);
  if (focusFilters) {
    focusFilters = false;
    (chipList.querySelector('button') ?? addFilter.querySelector('summary')).focus();
  }
  loadChoices();

  /** Goes to the same search with `fields` changed (removing a chip, applying the form). */
  function go(fields) {
    const next = searchHash({ ...search, ...fields });
    // The same search again (Apply with nothing changed) would not redraw the screen.
    if (next === screenHash()) return;
    focusFilters = true;
    location.hash = next;
  }

  /** One chip per filter in use (fixed for this address), and Clear all when there are two or more. */
  function drawChips() {
    setChildren(
      chipList,
      chips.map(({ fields, label }) =>
        h(
          'li',
          { class: 'chip' },
          h('span', { text: label }),
          h('button', {
            type: 'button',
            class: 'chip-remove',
            'aria-label': `Remove filter: ${label}`,
            text: '×',
            onclick: () => go(Object.fromEntries(fields.map((field) => [field, '']))),
          }),
        ),
      ),
      chips.length > 1
        ? h(
            'li',
            {},
            h('button', {
              type: 'button',
              class: 'button button-small button-quiet',
              text: 'Clear all',
              'aria-label': 'Clear all filters',
              onclick: () => go(Object.fromEntries(SEARCH_FIELDS.map((field) => [field, '']))),
            }),
          )
        : null,
    );
    chipList.hidden = chips.length === 0;
  }

  /** A person's or an album's name arrives after the chips: relabelled in place, so focus stays put. */
  function nameChips() {
    const named = activeFilters(search, { people: choices?.people, albums });
    for (const [index, { label }] of named.entries()) {
      const chip = chipList.children[index];
      chip.firstChild.textContent = label;
      chip.lastChild.setAttribute('aria-label', `Remove filter: ${label}`);
    }
  }

  /**
   * The form waits for the filter choices (or their failure) and the albums, and is drawn once: the
   * albums loaded again after a bulk action must not wipe what is being chosen.
   */
  function drawFilters() {
    nameChips();
    if (filterBody.querySelector('form')) return;
    if (choices === undefined || albums === undefined) {
      setChildren(filterBody, statusMessage('Loading filters…'));
      return;
    }
    setChildren(filterBody, filterForm(search, { choices, albums }, go));
  }

  async function loadChoices() {
    try {
      choices = await api('/api/search/filters');
    } catch {
      choices = null;
    }
    drawFilters();
  }

  function layout(photos, page, tile) {
    const count = page.nextCursor
      ? `The first ${plural(photos.length, 'photo')} found; more below.`
      : `${plural(photos.length, 'photo')} found.`;
    if (count !== lastCount) {
      lastCount = count;
      announce(count);
    }
    const results = h(
      'ul',
      { class: 'photo-grid', 'aria-label': 'Photos found' },
      photos.map((_, index) => tile(index)),
    );
    return { grid: results, extras: [h('p', { class: 'result-count', text: count })] };
  }

  function empty() {
    lastCount = null;
    const nothing = chips.length === 0;
    const words = search.q ? `“${search.q}”` : 'this search';
    announce(nothing ? 'No photos yet.' : `No photos match ${words}.`);
    if (nothing) {
      return h(
        'div',
        { class: 'empty-state panel' },
        h('h2', { text: 'No photos yet' }),
        h('p', { text: 'Photos can be found here once they have been uploaded.' }),
        h('a', { class: 'button button-primary', href: '#/upload', text: 'Upload photos' }),
      );
    }
    return h(
      'div',
      { class: 'empty-state panel' },
      h('h2', {
        text:
          filtering && search.q
            ? `No photos match “${search.q}” with these filters`
            : `No photos match ${words}`,
      }),
      filtering
        ? h('button', {
            type: 'button',
            class: 'button',
            text: search.q ? 'Keep the words, remove the filters' : 'Remove the filters',
            onclick: () =>
              go(
                Object.fromEntries(
                  SEARCH_FIELDS.filter((field) => field !== 'q').map((field) => [field, '']),
                ),
              ),
          })
        : h('p', { text: 'Try other words: a place, what is in the photo, an album’s title, a file name.' }),
    );
  }

  grid.pages.load();
  return grid.stop;
}

/** The API's query for `search` (the same names as the address), after `limit`. */
function searchQuery(search) {
  const query = new URLSearchParams();
  for (const field of SEARCH_FIELDS) if (search[field]) query.set(field, search[field]);
  const text = query.toString();
  return text ? `&${text}` : '';
}
