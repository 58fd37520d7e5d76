/**
 * Selecting many photos of a grid at once, for the album and library screens. A screen makes one
 * selection and attaches it to its grid after every redraw; selected ids survive a redraw while their
 * photos are still shown.
 *
 * In Select mode each tile carries a toggle button (aria-pressed). Pointer: a click toggles a photo,
 * shift-click selects the range from the last photo clicked; on touch, a long press enters Select mode.
 * Keyboard (one tab stop for the whole grid): arrow keys move between photos, Space toggles,
 * Shift+arrows extend the selection, Home/End jump, Ctrl/Cmd+A selects all, Escape clears and leaves.
 * Every change is announced through the screen's live region.
 */
import { h } from './dom.js';

/** How long a finger rests on a photo to select it (about what phones use for a long press). */
const LONG_PRESS_MS = 0.5 * 1000;
const LONG_PRESS_SLOP_PX = 10;

/**
 * `onChange(selection)` runs after every change (count, mode); `announce(text)` speaks to screen
 * readers. Returns the selection: attach(grid, photos) after each draw of the grid.
 */
export function createSelection({ announce, onChange }) {
  const selected = new Set();
  let active = false;
  let grid = null;
  /** The photos of the grid, in their order: [{ id }]. */
  let photos = [];
  let anchor = null;
  let focused = 0;
  let swallowClick = false;

  const selection = {
    get active() {
      return active;
    },
    get count() {
      return selected.size;
    },
    /** The selected ids, in the grid's order. */
    get ids() {
      return photos.filter((photo) => selected.has(photo.id)).map((photo) => photo.id);
    },
    has: (id) => selected.has(id),
    attach,
    start,
    stop,
    clear,
    selectAll,
    toggle,
  };

  function attach(gridElement, gridPhotos) {
    grid = gridElement;
    photos = gridPhotos;
    const shown = new Set(photos.map((photo) => photo.id));
    for (const id of [...selected]) if (!shown.has(id)) selected.delete(id);
    if (anchor && !shown.has(anchor)) anchor = null;
    focused = Math.min(focused, Math.max(0, photos.length - 1));
    for (const tile of tiles()) {
      const photo = photos.find((candidate) => candidate.id === tile.dataset.photoId);
      if (!photo) continue;
      tile.prepend(
        h('button', {
          type: 'button',
          class: 'photo-select',
          'aria-pressed': 'false',
          // The tile's picture says when and where the photo was taken: its name, here too.
          'aria-label': `Select ${tile.querySelector('.photo-open img')?.alt || 'photo'}`,
          tabindex: '-1',
        }),
      );
    }
    grid.addEventListener('click', onClick, true);
    grid.addEventListener('keydown', onKeydown);
    grid.addEventListener('pointerdown', onPointerDown);
    grid.addEventListener('contextmenu', (event) => {
      if (pressTimer !== null || swallowClick) event.preventDefault();
    });
    paint();
    onChange(selection);
  }

  function start() {
    if (active) return;
    active = true;
    document.addEventListener('keydown', onDocumentKeydown);
    paint();
    changed('Select mode. Choose photos, then an action. Escape leaves.');
  }

  /** Leaves Select mode; `quiet` when the screen is about to say what just happened instead. */
  function stop({ quiet = false } = {}) {
    if (!active) return;
    active = false;
    selected.clear();
    anchor = null;
    document.removeEventListener('keydown', onDocumentKeydown);
    paint();
    if (quiet) onChange(selection);
    else changed('Select mode left.');
  }

  function clear() {
    selected.clear();
    anchor = null;
    paint();
    changed(countText());
  }

  function selectAll() {
    if (!active) start();
    for (const photo of photos) selected.add(photo.id);
    paint();
    changed(countText());
  }

  function toggle(id) {
    if (!active) start();
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    anchor = id;
    focused = indexOf(id);
    paint();
    changed(countText());
  }

  /** Selects every photo from the anchor to `id` (the anchor stays, so the range can grow or shrink). */
  function extendTo(id) {
    if (!active) start();
    const from = anchor === null ? indexOf(id) : indexOf(anchor);
    const to = indexOf(id);
    if (anchor === null) anchor = id;
    const [low, high] = from < to ? [from, to] : [to, from];
    for (const photo of photos.slice(low, high + 1)) selected.add(photo.id);
    focused = to;
    paint();
    changed(countText());
  }

  function onClick(event) {
    if (swallowClick) {
      // The click that ends a long press: the press has already selected the photo.
      swallowClick = false;
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (!active) return;
    const tile = event.target.closest?.('.photo-tile');
    // In Select mode the picture and its toggle select; the tile's other controls keep working.
    if (!tile || !event.target.closest('.photo-open, .photo-select')) return;
    event.preventDefault();
    event.stopPropagation();
    const id = tile.dataset.photoId;
    if (event.shiftKey && anchor !== null) extendTo(id);
    else toggle(id);
    focusTile(indexOf(id));
  }

  function onKeydown(event) {
    if (!active || !event.target.classList?.contains('photo-select')) return;
    const tile = event.target.closest('.photo-tile');
    const index = indexOf(tile.dataset.photoId);
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns(), ArrowDown: columns() }[event.key];
    let next = null;
    if (step !== undefined) next = Math.max(0, Math.min(photos.length - 1, index + step));
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = photos.length - 1;
    if (next !== null) {
      event.preventDefault();
      if (event.shiftKey) {
        if (anchor === null) anchor = photos[index].id;
        extendTo(photos[next].id);
      }
      focusTile(next);
      return;
    }
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (event.shiftKey && anchor !== null) extendTo(photos[index].id);
      else toggle(photos[index].id);
    }
  }

  /** Escape and Ctrl/Cmd+A anywhere on the screen while selecting, except in a field or a dialog. */
  function onDocumentKeydown(event) {
    if (!active || !grid?.isConnected) return;
    if (event.target.closest?.('input, textarea, select, dialog')) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      stop();
      grid.querySelector('.photo-open')?.focus();
    } else if (event.key.toLowerCase() === 'a' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      selectAll();
    }
  }

  let pressTimer = null;
  function onPointerDown(event) {
    if (event.pointerType === 'mouse') return;
    const tile = event.target.closest?.('.photo-tile');
    if (!tile || !event.target.closest('.photo-open, .photo-select')) return;
    const startX = event.clientX;
    const startY = event.clientY;
    const cancel = () => {
      clearTimeout(pressTimer);
      pressTimer = null;
      grid.removeEventListener('pointerup', cancel);
      grid.removeEventListener('pointercancel', cancel);
      grid.removeEventListener('pointermove', moved);
    };
    const moved = (move) => {
      if (Math.hypot(move.clientX - startX, move.clientY - startY) > LONG_PRESS_SLOP_PX) cancel();
    };
    pressTimer = setTimeout(() => {
      cancel();
      swallowClick = true;
      // A press that ends without a click (the finger left the tile) must not eat the next click.
      setTimeout(() => {
        swallowClick = false;
      }, 1000);
      const id = tile.dataset.photoId;
      if (!active) start();
      if (!selected.has(id)) toggle(id);
      focusTile(indexOf(id));
    }, LONG_PRESS_MS);
    grid.addEventListener('pointerup', cancel);
    grid.addEventListener('pointercancel', cancel);
    grid.addEventListener('pointermove', moved);
  }

  /** How many tiles a row holds now (the grid reflows with the screen's width). */
  function columns() {
    const all = tiles();
    const top = all[0]?.offsetTop;
    const count = all.filter((tile) => tile.offsetTop === top).length;
    return Math.max(1, count);
  }

  function focusTile(index) {
    focused = index;
    paint();
    tiles()[index]?.querySelector('.photo-select')?.focus();
  }

  function paint() {
    if (!grid) return;
    grid.classList.toggle('selecting', active);
    for (const [index, tile] of tiles().entries()) {
      const isSelected = selected.has(tile.dataset.photoId);
      tile.classList.toggle('selected', isSelected);
      const toggleButton = tile.querySelector('.photo-select');
      toggleButton?.setAttribute('aria-pressed', String(isSelected));
      // One tab stop for the whole grid: the photo last moved to.
      toggleButton?.setAttribute('tabindex', active && index === focused ? '0' : '-1');
    }
  }

  function changed(message) {
    announce(message);
    onChange(selection);
  }

  function countText() {
    return selected.size === 1 ? '1 photo selected' : `${selected.size} photos selected`;
  }

  function indexOf(id) {
    return photos.findIndex((photo) => photo.id === id);
  }

  function tiles() {
    // Descendants: the library's grid is one list per month.
    return grid ? [...grid.querySelectorAll('.photo-tile')] : [];
  }

  return selection;
}
