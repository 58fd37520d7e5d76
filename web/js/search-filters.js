/**
 * The search screen's filters (search-view.js): what each active one is called on its chip, and the
 * "Add filter" form, which offers what the library holds (GET /api/search/filters: places, cameras,
 * people, the span of dates) and the user's albums.
 */
import { h, plural } from './dom.js';
import { dateSpan } from './photos.js';

/** "Canon EOS R6" of make Canon and model "EOS R6", and of model "Canon EOS R6" as many cameras write it. */
export function cameraName(make, model) {
  if (!model) return make ?? '';
  if (!make || model.toLowerCase().startsWith(make.toLowerCase())) return model;
  return `${make} ${model}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value) => DAY.test(value ?? '') && !Number.isNaN(Date.parse(value));

/** '2026-05-03' → '3 May 2026' in the viewer's language (a hand-typed address may hold anything). */
function dayName(value) {
  if (!isDay(value)) return value;
  return new Date(value).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function dateLabel(from, to) {
  if (from && to) {
    return isDay(from) && isDay(to) && from <= to ? dateSpan(from, to) : `${dayName(from)} – ${dayName(to)}`;
  }
  return from ? `From ${dayName(from)}` : `Until ${dayName(to)}`;
}

export const personName = (person) => person.name ?? 'Someone not named yet';

/**
 * The chips of `search`: [{ fields, label }] — removing one drops its fields from the address.
 * `people` (from the filter choices) and `albums` name a person and an album once they have loaded.
 */
export function activeFilters(search, { people = null, albums = null } = {}) {
  const chips = [];
  if (search.q) chips.push({ fields: ['q'], label: `“${search.q}”` });
  if (search.from || search.to)
    chips.push({ fields: ['from', 'to'], label: dateLabel(search.from, search.to) });
  if (search.country || search.town) {
    chips.push({
      fields: ['country', 'town'],
      label: [search.town, search.country].filter(Boolean).join(', '),
    });
  }
  if (search.make || search.model) {
    chips.push({ fields: ['make', 'model'], label: cameraName(search.make, search.model) });
  }
  if (search.person) {
    const person = people?.find((candidate) => candidate.personId === search.person);
    chips.push({ fields: ['person'], label: person ? personName(person) : 'A person' });
  }
  if (search.album) {
    const album = albums?.find((candidate) => candidate.id === search.album);
    const label = search.album === 'none' ? 'In no album' : (album?.title ?? 'An album');
    chips.push({ fields: ['album'], label });
  }
  return chips;
}

/** A value a select can carry for a pair of fields (a place, a camera). */
const pair = (first, second) => JSON.stringify([first ?? '', second ?? '']);

/**
 * The "Add filter" form for `search`, its fields set to the filters in use. `choices` (null when they
 * could not be loaded: then only dates and albums are offered), `albums`. `apply(fields)` gets every
 * filter field (empty when not chosen).
 */
export function filterForm(search, { choices, albums }, apply) {
  const dateInput = (id, name, label, value) => [
    h('label', { for: id, text: label }),
    h('input', { id, name, type: 'date', value: isDay(value) ? value : '' }),
  ];
  const span = choices?.takenFrom
    ? h('p', {
        class: 'hint',
        id: 'filter-dates-hint',
        text: `Your photos were taken ${dateLabel(choices.takenFrom, choices.takenTo)}.`,
      })
    : null;
  const dates = h(
    'fieldset',
    { class: 'filter-dates', ...(span ? { 'aria-describedby': 'filter-dates-hint' } : {}) },
    h('legend', { text: 'Taken between' }),
    h('div', { class: 'filter-field' }, dateInput('filter-from', 'from', 'From', search.from)),
    h('div', { class: 'filter-field' }, dateInput('filter-to', 'to', 'To', search.to)),
    span,
  );

  const places = choices?.places ?? [];
  const countries = new Map();
  for (const place of places) countries.set(place.country, [...(countries.get(place.country) ?? []), place]);
  const inUse = activeFilters(search, { people: choices?.people, albums });
  const named = (field) => inUse.find((chip) => chip.fields.includes(field))?.label;
  const place = select(
    'filter-place',
    'Place',
    'Any place',
    pair(search.country, search.town),
    named('town'),
    [
      ...[...countries].map(([country, towns]) =>
        h(
          'optgroup',
          { label: country },
          option(
            pair(country, ''),
            `All of ${country}`,
            towns.reduce((sum, town) => sum + town.count, 0),
          ),
          towns.map((town) => option(pair(country, town.town), town.town, town.count)),
        ),
      ),
    ],
  );
  const camera = select(
    'filter-camera',
    'Camera',
    'Any camera',
    pair(search.make, search.model),
    named('make'),
    (choices?.cameras ?? []).map((entry) =>
      option(pair(entry.make, entry.model), cameraName(entry.make, entry.model), entry.count),
    ),
  );
  const people = choices?.people ?? [];
  const person =
    people.length > 0 || search.person
      ? select(
          'filter-person',
          'Person',
          'Anyone',
          search.person ?? '',
          named('person'),
          people.map((entry) => option(entry.personId, personName(entry), entry.count)),
        )
      : null;
  const album = select('filter-album', 'Album', 'In an album or not', search.album ?? '', named('album'), [
    h('option', { value: 'none', text: 'In no album' }),
    ...(albums ?? []).map((entry) => h('option', { value: entry.id, text: entry.title })),
  ]);

  const error = h('p', { class: 'field-error', id: 'filter-error', role: 'alert' });
  const form = h(
    'form',
    { class: 'filter-form', novalidate: true },
    dates,
    h('div', { class: 'filter-choices' }, place.field, camera.field, person?.field, album.field),
    choices
      ? null
      : h('p', {
          class: 'hint',
          text: 'Places, cameras and people could not be loaded: only dates and albums.',
        }),
    error,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button button-primary', text: 'Apply' }),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const from = form.elements.from.value;
    const to = form.elements.to.value;
    if (from && to && from > to) {
      error.textContent = 'The “To” day comes before the “From” day.';
      form.elements.to.setAttribute('aria-invalid', 'true');
      form.elements.to.setAttribute('aria-describedby', 'filter-error');
      form.elements.to.focus();
      return;
    }
    const [country, town] = JSON.parse(place.input.value || pair());
    const [make, model] = JSON.parse(camera.input.value || pair());
    apply({
      from,
      to,
      country,
      town,
      make,
      model,
      person: person?.input.value ?? '',
      album: album.input.value,
    });
  });
  return form;
}

function option(value, label, count) {
  return h('option', { value, text: `${label} (${plural(count, 'photo')})` });
}

/**
 * A labelled select: `none` first (value ''), then `options`, with `current` selected; a value in use
 * that the choices do not hold (a link from the map, a person now hidden) stays, named `inUse`.
 */
function select(id, label, none, current, inUse, options) {
  const input = h('select', { id }, h('option', { value: '', text: none }), options);
  const empty = current === '' || current === pair();
  if (!empty && ![...input.options].some((entry) => entry.value === current)) {
    input.append(h('option', { value: current, text: inUse ?? current }));
  }
  input.value = empty ? '' : current;
  return { input, field: h('div', { class: 'filter-field' }, h('label', { for: id, text: label }), input) };
}
