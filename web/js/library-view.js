/**
 * The library: every photo, in albums or not, as a timeline (newest taken first, a header per month,
 * a date scrubber to jump). It is where the photos of a deleted album remain reachable, and where a
 * photo can be put back into an album or moved to the Trash.
 */

import { collapseStacks } from './album-stacks.js';
import { h, setChildren } from './dom.js';
import { libraryGrid } from './library-grid.js';
import { monthSections, scrubber } from './timeline.js';

export function render(main, { announce, onRendered, onRefresh }) {
  /** The month the page starts at after a jump (newer photos are then one click away); null: the newest. */
  let startMonth = null;
  const library = libraryGrid({
    main,
    announce,
    path: '/api/images',
    loadingText: 'Loading your photos…',
    failureText: 'Your photos could not be loaded.',
    empty: () =>
      h(
        'div',
        { class: 'empty-state panel' },
        h('h2', { text: 'No photos yet' }),
        h('p', { text: 'Photos appear here once they have been uploaded and organized.' }),
        h('a', { class: 'button button-primary', href: '#/upload', text: 'Upload photos' }),
      ),
    layout,
  });
  const { body, pages } = library;
  setChildren(
    main,
    h('h1', { text: 'Library' }),
    h(
      'p',
      { class: 'lead' },
      'All your photos by the month they were taken, newest first, whether or not they are in an album. Deleted ones wait in the ',
      h('a', { href: '#/trash', text: 'Trash' }),
      ' for 30 days.',
    ),
    h('p', {}, h('a', { href: '#/library/similar', text: 'Review similar photos' })),
    library.notice,
    body,
  );
  onRendered();
  onRefresh(library.refresh);

  async function jump(month) {
    const section = () => body.querySelector(`[data-month="${month}"]`);
    if (!section()) {
      startMonth = month;
      await pages.load(`&before=${month}`);
    }
    section()?.scrollIntoView({ block: 'start' });
    section()?.querySelector('h2')?.focus({ preventScroll: true });
  }

  function layout(photos, page, tile) {
    const grid = monthSections(photos, tile);
    collapseStacks(grid, page);
    const newer = startMonth
      ? h('button', {
          type: 'button',
          class: 'button load-newer',
          text: 'Show newer photos',
          onclick: () => {
            startMonth = null;
            pages.load('');
          },
        })
      : null;
    return { grid, extras: [scrubber(page.months, jump), newer] };
  }

  pages.load();
  return library.stop;
}
