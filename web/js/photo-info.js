/**
 * The viewer's info panel: what the photo shows (caption, tags), when it was taken and how that is
 * known, where (town, and the spot rounded to about 100 m), with what camera, lens and settings, its
 * file name and size, the albums it is in, and the actions the screen offers for it.
 */
import { api } from './api.js';
import { formatBytes, h, setChildren } from './dom.js';
import { photoDateNote } from './photos.js';
import { searchHash } from './search-link.js';

/** A date with its time, as the camera showed it (kept as if UTC by the server). */
function fullDate(iso) {
  return new Date(iso).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
}

/** "1/250 s" below a third of a second (as cameras show it), "0.5 s" or "30 s" above. */
export function exposureText(seconds) {
  return seconds < 0.3 ? `1/${Math.round(1 / seconds)} s` : `${Number(seconds.toFixed(1))} s`;
}

/** "1/250 s · f/1.8 · ISO 100 · 26 mm", from what the camera recorded; '' when it recorded none. */
export function settingsText(exif) {
  if (!exif) return '';
  return [
    exif.exposureSeconds ? exposureText(exif.exposureSeconds) : null,
    exif.fNumber ? `f/${Number(exif.fNumber.toFixed(1))}` : null,
    exif.iso ? `ISO ${exif.iso}` : null,
    exif.focalLengthMm ? `${Number(exif.focalLengthMm.toFixed(1))} mm` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "41.150° N, 8.611° W": the three decimals the server keeps. */
function coordinatesText({ latitude, longitude }) {
  const part = (value, positive, negative) =>
    `${Math.abs(value).toFixed(3)}° ${value < 0 ? negative : positive}`;
  return `${part(latitude, 'N', 'S')}, ${part(longitude, 'E', 'W')}`;
}

/**
 * Fills `panel` with what `photo` (a listed photo) says at once, then with everything the API knows
 * (GET /api/images/{id}: caption, tags, place, camera and settings, size, albums) when it answers. `runAction(run)` runs an action
 * chosen in the panel (the viewer closes first).
 */
export function infoPanel(panel, photo, viewer, runAction) {
  // A link in the panel goes where it points once the viewer has closed (and left the history).
  const link = (text, hash) =>
    h('a', {
      href: hash,
      text,
      onclick: (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        runAction(() => {
          location.hash = hash;
        });
      },
    });
  const facts = h('dl', { class: 'photo-facts' }, factRows(photo, viewer, link));
  const actions = (viewer.actions?.(photo) ?? []).map(({ label, run, danger }) =>
    h('button', {
      type: 'button',
      class: danger ? 'button button-small button-danger' : 'button button-small',
      text: label,
      onclick: () => runAction(run),
    }),
  );
  panel.dataset.photoId = photo.id;
  setChildren(
    panel,
    h('h2', { class: 'visually-hidden', text: 'Info' }),
    facts,
    actions.length > 0 ? h('div', { class: 'photo-info-actions' }, actions) : null,
  );
  api(`/api/images/${photo.id}`).then(
    (details) => {
      // Only the facts are redrawn (focus may be on an action), and only while this photo is shown.
      if (panel.dataset.photoId === photo.id)
        setChildren(facts, factRows({ ...photo, ...details }, viewer, link));
    },
    () => {
      if (panel.dataset.photoId === photo.id)
        facts.append(h('dd', { class: 'photo-facts-note', text: 'More details could not be loaded.' }));
    },
  );
}

function factRows(photo, viewer, link) {
  const rows = [];
  const row = (term, value) => {
    if (value) rows.push(h('dt', { text: term }), h('dd', { text: value }));
  };
  const linksRow = (term, links) => {
    if (links.length > 0) rows.push(h('dt', { text: term }), h('dd', {}, links));
  };
  row('Caption', photo.caption);
  linksRow(
    'Tags',
    (photo.tags ?? []).flatMap((tag, index) => [index > 0 ? ', ' : null, link(tag, searchHash({ q: tag }))]),
  );
  if (photo.takenAt) {
    const note = photoDateNote(photo) ?? (photo.takenAtSource === 'exif' ? 'from the camera' : null);
    row('Taken', note ? `${fullDate(photo.takenAt)} (date ${note})` : fullDate(photo.takenAt));
  } else {
    row('Taken', 'Unknown: the photo carries no date');
  }
  if (photo.place) {
    const { city, country } = photo.place;
    linksRow('Place', [link(city, searchHash({ country, town: city })), `, ${country}`]);
  }
  if (photo.location) {
    rows.push(
      h('dt', { text: 'Location' }),
      h(
        'dd',
        {},
        coordinatesText(photo.location),
        h('span', { class: 'photo-facts-note', text: ' (rounded to about 100 m)' }),
      ),
    );
  }
  row('Camera', photo.camera);
  row('Lens', photo.exif?.lens);
  row('Settings', settingsText(photo.exif));
  row('File name', photo.originalFilename);
  const size = [photo.sizeBytes ? formatBytes(photo.sizeBytes) : null];
  if (photo.width && photo.height) size.push(`${photo.width} × ${photo.height} px`);
  row('Size', size.filter(Boolean).join(' · '));
  if (photo.albums) {
    row(
      'Albums',
      photo.albums.length > 0 ? photo.albums.map((album) => album.title).join(', ') : 'Not in any album',
    );
  }
  for (const [term, value] of viewer.facts?.(photo) ?? []) row(term, value);
  return rows;
}
