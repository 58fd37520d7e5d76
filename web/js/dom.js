/**
 * Tiny DOM helpers. Text always goes in through textContent or text nodes: nothing here parses HTML,
 * so titles, descriptions and file names (which come from a model or from users) cannot inject markup.
 */

/** Creates an element: `props` become attributes (`text` sets textContent, `on*` functions listen). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else if (name === 'class') element.className = value;
    else if (name.startsWith('on') && typeof value === 'function')
      element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** replaceChildren that skips null, undefined and false, so optional parts can be written inline. */
export function setChildren(parent, ...children) {
  parent.replaceChildren(
    ...children.flat().filter((child) => child !== null && child !== undefined && child !== false),
  );
}

/** Says something to screen-reader users without moving focus. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  // Clearing first makes the same message be read again when it repeats.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** Moves focus to the page's main heading, so keyboard and screen-reader users land on the new view. */
export function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: false });
}

const sizeUnits = ['bytes', 'KB', 'MB', 'GB'];

export function formatBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${sizeUnits[unit]}`;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** A status line for loading and empty states; `role=status` makes screen readers read it. */
export function statusMessage(text, className = 'status') {
  return h('p', { class: className, role: 'status', text });
}

/** An error box with an optional retry button. */
export function errorPanel(message, onRetry) {
  return h(
    'div',
    { class: 'panel panel-error', role: 'alert' },
    h('p', { text: message }),
    onRetry ? h('button', { type: 'button', class: 'button', onclick: onRetry, text: 'Try again' }) : null,
  );
}

/**
 * Fills `container` with what `load()` resolves to, showing `loading()` meanwhile (aria-busy) and,
 * when it fails, `failure(error)` in an error panel whose Retry loads again. Returns the screen's
 * cleanup: an answer that arrives after it is dropped.
 */
export function loadInto(container, { loading, load, failure }) {
  let alive = true;
  async function run() {
    container.setAttribute('aria-busy', 'true');
    setChildren(container, ...loading());
    try {
      const shown = await load();
      if (alive) setChildren(container, shown);
    } catch (error) {
      if (alive) setChildren(container, errorPanel(failure(error), run));
    } finally {
      container.removeAttribute('aria-busy');
    }
  }
  run();
  return () => {
    alive = false;
  };
}

/** Sent when what a screen shows changed under it (an undo): app.js has the screen redraw in place. */
export const REFRESH_EVENT = 'momentarium:refresh';

/**
 * Redraws a screen in place after a correction, keeping the reader's place: the photos on screen stay
 * where they were (the photo at the top of the window, or the focused one, is put back at the same
 * height; the page's scroll position when no photo is shown) and focus returns, without scrolling, to
 * the control it was on — the same photo's, else the photo now in that photo's place, else a control
 * with the same id or words, else the heading. Without this every edit jumped to the top.
 */
export async function keepPlace(container, redraw) {
  const top = window.scrollY;
  const was = focusedPlace(container);
  const anchor = anchorOf(container, was);
  await redraw();
  if (!holdAt(container, anchor)) window.scrollTo({ top, behavior: 'instant' });
  if (was) focusPlace(container, was, anchor);
}

/**
 * Shows a screen's notice line (a status or an alert) without moving the photos on screen: it sits
 * above them, and when the page is scrolled it would otherwise push them down.
 */
export function showNotice(notice, message, role) {
  if (!notice) return;
  const container = notice.closest('main') ?? document.body;
  const anchor = anchorOf(container, null);
  notice.className = `notice panel ${role === 'alert' ? 'panel-error' : 'panel-info'}`;
  notice.setAttribute('role', role);
  notice.textContent = message;
  notice.hidden = false;
  holdAt(container, anchor);
}

/** Scrolls so the anchor's photo (or the one now in its place) is back at its height in the window. */
function holdAt(container, anchor) {
  const tile = anchor && tileFor(container, anchor);
  if (tile) window.scrollBy({ top: tile.getBoundingClientRect().top - anchor.top, behavior: 'instant' });
  return Boolean(tile);
}

/** Drawn and usable: not disabled, not hidden (nor inside a closed <details>, which checkVisibility sees). */
const shown = (element) =>
  Boolean(element) &&
  !element.disabled &&
  (element.checkVisibility?.() ?? element.getClientRects().length > 0);
const photoTiles = (container) => [...container.querySelectorAll('[data-photo-id]')].filter(shown);

/** The photo to hold still: the focused one when it is on screen, else the first one on screen. */
function anchorOf(container, was) {
  const tiles = photoTiles(container);
  const onScreen = (tile) => {
    const box = tile.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  };
  const topInView = (tile) => {
    const { top } = tile.getBoundingClientRect();
    return top >= 0 && top < window.innerHeight;
  };
  const focused = tiles.find((tile) => tile.dataset.photoId === was?.photoId);
  const tile = focused && onScreen(focused) ? focused : (tiles.find(topInView) ?? tiles.find(onScreen));
  if (!tile) return null;
  return { photoId: tile.dataset.photoId, index: tiles.indexOf(tile), top: tile.getBoundingClientRect().top };
}

/** The same photo's tile after the redraw, else the one now in its place. */
function tileFor(container, { photoId, index }) {
  const tiles = photoTiles(container);
  return tiles.find((tile) => tile.dataset.photoId === photoId) ?? tiles[Math.min(index, tiles.length - 1)];
}

function focusedPlace(container) {
  const active = document.activeElement;
  // Focus elsewhere (a toast, a dialog) is left where it is.
  if (active && active !== document.body && !container.contains(active)) return null;
  const tile = active?.closest?.('[data-photo-id]');
  return {
    photoId: tile?.dataset.photoId,
    index: tile ? photoTiles(container).indexOf(tile) : -1,
    className: active?.classList?.[0],
    id: active?.id,
    words: active?.tagName === 'BUTTON' ? active.textContent : null,
  };
}

function focusPlace(container, was, anchor) {
  const inTile = (tile) =>
    tile && [tile.querySelector(`.${was.className}`), tile.querySelector('.photo-open')].find(shown);
  const heading = container.querySelector('h1');
  const headingOnScreen = heading && heading.getBoundingClientRect().bottom > 0;
  const candidates = [
    was.photoId ? inTile(tileFor(container, was)) : null,
    was.id ? document.getElementById(was.id) : null,
    was.words
      ? [...container.querySelectorAll('button')].find(
          (button) => button.textContent === was.words && shown(button),
        )
      : null,
    // The control is gone (a bulk action's button): the heading if it is in view, else the photo
    // held still, so focus stays where the reader is.
    headingOnScreen ? heading : null,
    anchor ? inTile(tileFor(container, anchor)) : null,
    heading,
  ];
  for (const target of candidates) {
    if (!target || (target !== heading && !shown(target))) continue;
    if (target.tagName === 'H1') target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    if (document.activeElement === target) return;
  }
}

/**
 * Keeps one row per item in `list`, reusing rows across redraws (`rows`: item → { element, update }):
 * rows of items that are gone are removed, new items get `create(item)` appended, and every row is
 * updated with `state`. Redrawing many times a second then touches only what changed.
 */
export function syncRows(list, rows, items, create, state) {
  const present = new Set(items);
  for (const [item, row] of rows) {
    if (!present.has(item)) {
      row.element.remove();
      rows.delete(item);
    }
  }
  for (const item of items) {
    let row = rows.get(item);
    if (!row) {
      row = create(item);
      rows.set(item, row);
      list.append(row.element);
    }
    row.update(state);
  }
}
