/**
 * Near duplicates in an album: the server lists every photo and names its stacks (best photo first).
 * Here each stack shows its best photo with an "N similar" badge (a button); the others stay in the grid,
 * hidden, until that button expands them. Kept apart from album-view.js: it only decorates the grid.
 */
import { h, plural } from './dom.js';

/** Collapses each of the album's stacks in `grid` (tiles carry data-photo-id) behind its best photo. */
export function collapseStacks(grid, album) {
  const tileOf = (id) => grid.querySelector(`[data-photo-id="${CSS.escape(id)}"]`);
  for (const stack of album.stacks ?? []) {
    const [bestId, ...otherIds] = stack.imageIds;
    const best = tileOf(bestId);
    const others = otherIds.map(tileOf).filter(Boolean);
    if (!best || others.length === 0) continue;
    const ids = others.map((tile) => {
      tile.id ||= `photo-${tile.dataset.photoId}`;
      tile.hidden = true;
      tile.classList.add('stacked');
      return tile.id;
    });
    const label = plural(others.length, 'similar photo');
    const toggle = h('button', {
      type: 'button',
      class: 'button button-small stack-toggle',
      'aria-expanded': 'false',
      'aria-controls': ids.join(' '),
      text: `${others.length} similar`,
      title: `Show ${label}`,
    });
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      for (const tile of others) tile.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? `Hide ${others.length} similar` : `${others.length} similar`;
      toggle.title = open ? `Hide ${label}` : `Show ${label}`;
    });
    best.classList.add('stack-top');
    best.append(toggle);
  }
}
