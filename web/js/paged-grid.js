/**
 * A screen's photos fetched page by page from a cursor-paged list (the library, the Trash): the first
 * page, then "Load more photos" until the API's `nextCursor` is null, with the loading, failure and
 * empty states both screens share. The screen draws the photos; this keeps the pages.
 */
import { api, describeError } from './api.js';
import { errorPanel, h, setChildren, statusMessage } from './dom.js';

/**
 * `path`: the list route; `params`: more query (e.g. `&before=2026-05`); `alongside()`: loaded with the
 * first page (the library's albums); `draw(photos, page)`: the nodes to show above the Load more
 * button (`page`: the latest page, its `stacks` those of every page loaded); `empty()`: what to show when there is no photo; `notify(message, role)`: a failed Load more.
 */
export function pagedGrid({
  body,
  path,
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
      const [page] = await Promise.all([api(`${path}?limit=${pageSize}${params}`), alongside?.()]);
      if (!alive) return;
      photos = page.images;
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
      const [first] = await Promise.all([api(`${path}?limit=${pageSize}${params}`), alongside?.()]);
      let page = first;
      let loaded = page.images;
      let loadedStacks = page.stacks ?? [];
      while (page.nextCursor && loaded.length < photos.length) {
        page = await api(`${path}?limit=${pageSize}&cursor=${encodeURIComponent(page.nextCursor)}`);
        loaded = loaded.concat(page.images);
        loadedStacks = loadedStacks.concat(page.stacks ?? []);
      }
      if (!alive) return;
      photos = loaded;
      stacks = loadedStacks;
      nextCursor = page.nextCursor;
      lastPage = page;
      redraw();
    } catch (error) {
      if (alive) notify(`${failureText} ${describeError(error)}`, 'alert');
    }
  }

  async function loadMore(button) {
    button.disabled = true;
    try {
      const page = await api(`${path}?limit=${pageSize}&cursor=${encodeURIComponent(nextCursor)}`);
      if (!alive) return;
      photos = photos.concat(page.images);
      stacks = stacks.concat(page.stacks ?? []);
      nextCursor = page.nextCursor;
      lastPage = page;
      redraw();
    } catch (error) {
      button.disabled = false;
      notify(describeError(error), 'alert');
    }
  }

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
