/**
 * Search addresses and the header's search box. A search is its address:
 * #/search?q=…&from=…&to=…&country=…&town=…&make=…&model=…&person=…&album=…, so Back, Forward and a
 * shared link show the same results, and the map and the People screen link to it. On the first page
 * (the header is on every screen); the search screen itself (search-view.js) loads on first use.
 */

/** The fields of a search, in the order its address lists them (GET /api/search takes the same names). */
export const SEARCH_FIELDS = ['q', 'from', 'to', 'country', 'town', 'make', 'model', 'person', 'album'];

/** The search a hash's query ("q=sea&town=Porto") names: only the fields given, trimmed, others ignored. */
export function readSearch(query) {
  const params = new URLSearchParams(query);
  const search = {};
  for (const field of SEARCH_FIELDS) {
    const value = params.get(field)?.trim();
    if (value) search[field] = value;
  }
  return search;
}

/** The address of `search` ({ q, town, … }); empty fields are left out. */
export function searchHash(search) {
  const params = new URLSearchParams();
  for (const field of SEARCH_FIELDS) {
    const value = typeof search[field] === 'string' ? search[field].trim() : '';
    if (value) params.set(field, value);
  }
  const query = params.toString();
  return query ? `#/search?${query}` : '#/search';
}

/**
 * Wires the header's search `form` (its input named q). Submitting opens the search for the words; on
 * the search screen the filters already chosen stay (`current()` returns them there, else null), as the
 * words refine what is shown. Escape clears the box. Returns `show(search)`: the box follows the screen.
 */
export function headerSearch(form, current) {
  const input = form.elements.q;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = searchHash({ ...(current() ?? {}), q: input.value });
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || input.value === '') return;
    // The box's own Escape: not also the screen's (Select mode) or a dialog's.
    event.preventDefault();
    event.stopPropagation();
    input.value = '';
  });
  return (search) => {
    // Words typed but not sent stay while the person is typing.
    if (document.activeElement !== input) input.value = search?.q ?? '';
  };
}
