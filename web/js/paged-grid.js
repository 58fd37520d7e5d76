/**
 * A screen's photos fetched page by page from a cursor-paged list (the library, the search, the Trash):
 * the first page, then "Load more photos" until the API's `nextCursor` is null, with the loading,
 * failure and empty states the screens share. The screen draws the photos; this keeps the pages.
 */
import { api, describeError } from './api.js';
import { errorPanel, h, setChildren, statusMessage } from './dom.js';

/**
 * `path`: the list route; `query`: sent with every page (the search's words and filters, `&q=sea`);
 * `list`: the field of the answer that lists the photos; `alongside()`: loaded with the first page (the
 * library's albums); `draw(photos, page)`: the nodes to show above the Load more button (`page`: the
 * latest page, over the fields only the first page carries, such as the library's `months`, its
 * `stacks` those of every page loaded); `empty()`: what to show when there is no photo;
 * `notify(message, role)`: a failed Load more. `load(from)` starts somewhere else (`&before=2026-05`).
 */
export function pagedGrid({
  body,
  path,
  query = '',
  list = 'images',
  pageSize = 60,
  loadingText,
  failureText,
  alongside,
  draw,
  empty,
  notify,
}) {
  let alive = true;
  let photos = [];
  /** Near duplicates the pages named (each page's own: a stack never spans two pages). */
  let stacks = [];
  let nextCursor = null;
  let lastPage = null;
  let params = '';

  /** Loads the first page again (after a change), or from `from` when given (a timeline jump). */
  async function load(from = params) {
    params = from;
    setChildren(body, statusMessage(loadingText));
    try {
      const [page] = await Promise.all([api(firstPage()), alongside?.()]);
      if (!alive) return;
      photos = page[list];
      stacks = page.stacks ?? [];
      nextCursor = page.nextCursor;
      lastPage = page;
      redraw();
    } catch (error) {
      if (alive)
        setChildren(
          body,
          errorPanel(`${failureText} ${describeError(error)}`, () => load()),
        );
    }
  }

  /**
   * Loads again after a change, with no loading state in between and as many photos as were shown, so
   * a screen redrawn in place (dom.js keepPlace) keeps the reader's place however far they had come.
   */
  async function refresh() {
    try {
      const [first] = await Promise.all([api(firstPage()), alongside?.()]);
      let page = first;
      let loaded = page[list];
      let loadedStacks = page.stacks ?? [];
      while (page.nextCursor && loaded.length < photos.length) {
        page = await api(nextPage(page.nextCursor));
        loaded = loaded.concat(page[list]);
        loadedStacks = loadedStacks.concat(page.stacks ?? []);
      }
      if (!alive) return;
      photos = loaded;
      stacks = loadedStacks;
      nextCursor = page.nextCursor;
      lastPage = { ...first, ...page };
      redraw();
    } catch (error) {
      if (alive) notify(`${failureText} ${describeError(error)}`, 'alert');
    }
  }

  async function loadMore(button) {
    button.disabled = true;
    try {
      const page = await api(nextPage(nextCursor));
      if (!alive) return;
      photos = photos.concat(page[list]);
      stacks = stacks.concat(page.stacks ?? []);
      nextCursor = page.nextCursor;
      lastPage = { ...lastPage, ...page };
      redraw();
    } catch (error) {
      button.disabled = false;
      notify(describeError(error), 'alert');
    }
  }

  const firstPage = () => `${path}?limit=${pageSize}${query}${params}`;
  const nextPage = (cursor) => `${path}?limit=${pageSize}${query}&cursor=${encodeURIComponent(cursor)}`;

  function redraw() {
    if (photos.length === 0) {
      setChildren(body, empty());
      return;
    }
    const more = nextCursor
      ? h('button', { type: 'button', class: 'button load-more', text: 'Load more photos' })
      : null;
    more?.addEventListener('click', () => loadMore(more));
    setChildren(body, draw(photos, { ...lastPage, stacks }), more);
  }

  return {
    load,
    refresh,
    redraw,
    get photos() {
      return photos;
    },
    get hasMore() {
      return nextCursor !== null;
    },
    stop() {
      alive = false;
    },
  };
}
