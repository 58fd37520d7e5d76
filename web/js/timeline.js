/**
 * The library as a timeline: photos grouped by the month they were taken (upload month without a
 * date), a header per month, and the date scrubber — a rail of years and months that jumps to one,
 * keyboard reachable (each month is a button). Months not loaded yet are fetched from that month on.
 */
import { h } from './dom.js';

/** '2026-05' → 'May 2026' (or the viewer's language's way of saying it). */
export function monthName(month, style = 'long') {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number - 1, 1)).toLocaleDateString(undefined, {
    month: style,
    ...(style === 'long' ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });
}

/** The timeline month a listed photo belongs to, as the API counts them (UTC). */
export function monthOf(photo) {
  return (photo.takenAt ?? photo.createdAt).slice(0, 7);
}

/**
 * One section per month of `photos` (already newest first): a header and a grid of `tile(index)`.
 */
export function monthSections(photos, tile) {
  const months = new Map();
  for (const [index, photo] of photos.entries()) {
    const month = monthOf(photo);
    months.set(month, [...(months.get(month) ?? []), index]);
  }
  return h(
    'div',
    { class: 'timeline' },
    [...months].map(([month, indexes]) =>
      h(
        'section',
        { class: 'timeline-month', 'data-month': month, 'aria-labelledby': `month-${month}` },
        h('h2', { class: 'month-header', id: `month-${month}`, tabindex: '-1', text: monthName(month) }),
        h('ul', { class: 'photo-grid', 'aria-label': `Photos of ${monthName(month)}` }, indexes.map(tile)),
      ),
    ),
  );
}

/** The scrubber for `months` ([{ month, count }], newest first); `jump(month)` goes there. */
export function scrubber(months, jump) {
  const years = new Map();
  for (const entry of months) {
    const year = entry.month.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), entry]);
  }
  return h(
    'nav',
    { class: 'scrubber', 'aria-label': 'Jump to a month' },
    h(
      'ol',
      {},
      [...years].map(([year, entries]) =>
        h(
          'li',
          { class: 'scrubber-year' },
          h('span', { class: 'scrubber-year-label', text: year }),
          h(
            'ol',
            {},
            entries.map(({ month, count }) =>
              h(
                'li',
                {},
                h('button', {
                  type: 'button',
                  class: 'scrubber-month',
                  'aria-label': `${monthName(month)}, ${count === 1 ? '1 photo' : `${count} photos`}`,
                  text: monthName(month, 'short'),
                  onclick: () => jump(month),
                }),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
