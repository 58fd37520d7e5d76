/**
 * The library as a timeline: photos grouped by the month they were taken (upload month without a
 * date), a header per month, and the date scrubber — a rail of years and months, each with how many
 * photos it holds, that jumps to a month, keyboard reachable (each month is a button). Months not
 * loaded yet are fetched from that month on.
 */
import { h, plural } from './dom.js';

/** 1234 → "1.2K": a count that fits the narrow rail; the full number is what screen readers hear. */
const shortCount = new Intl.NumberFormat(undefined, { notation: 'compact' });

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
      [...years].map(([year, entries]) => {
        const total = entries.reduce((sum, entry) => sum + entry.count, 0);
        return h(
          'li',
          { class: 'scrubber-year' },
          h(
            'span',
            { class: 'scrubber-year-label' },
            year,
            h('span', { class: 'scrubber-count', 'aria-hidden': 'true', text: shortCount.format(total) }),
            h('span', { class: 'visually-hidden', text: `, ${plural(total, 'photo')}` }),
          ),
          h(
            'ol',
            {},
            entries.map(({ month, count }) =>
              h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'scrubber-month',
                    'aria-label': `${monthName(month)}, ${plural(count, 'photo')}`,
                    onclick: () => jump(month),
                  },
                  monthName(month, 'short'),
                  h('span', { class: 'scrubber-count', text: shortCount.format(count) }),
                ),
              ),
            ),
          ),
        );
      }),
    ),
  );
}
