/**
 * The viewer's info panel: when the photo was taken and how that is known, where, with what camera,
 * its file name and size, the albums it is in, and the actions the screen offers for it.
 */
import { api } from './api.js';
import { formatBytes, h, setChildren } from './dom.js';
import { photoDateNote } from './photos.js';

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

/**
 * Fills `panel` with what `photo` (a listed photo) says at once, then with everything the API knows
 * (GET /api/images/{id}: place, camera, size, albums) when it answers. `runAction(run)` runs an action
 * chosen in the panel (the viewer closes first).
 */
export function infoPanel(panel, photo, viewer, runAction) {
  const facts = h('dl', { class: 'photo-facts' }, factRows(photo, viewer));
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
      if (panel.dataset.photoId === photo.id) setChildren(facts, factRows({ ...photo, ...details }, viewer));
    },
    () => {
      if (panel.dataset.photoId === photo.id)
        facts.append(h('dd', { class: 'photo-facts-note', text: 'More details could not be loaded.' }));
    },
  );
}

function factRows(photo, viewer) {
  const rows = [];
  const row = (term, value) => {
    if (value) rows.push(h('dt', { text: term }), h('dd', { text: value }));
  };
  if (photo.takenAt) {
    const note = photoDateNote(photo) ?? (photo.takenAtSource === 'exif' ? 'from the camera' : null);
    row('Taken', note ? `${fullDate(photo.takenAt)} (date ${note})` : fullDate(photo.takenAt));
  } else {
    row('Taken', 'Unknown: the photo carries no date');
  }
  if (photo.place) row('Place', `${photo.place.city}, ${photo.place.country}`);
  row('Camera', photo.camera);
  row('File name', photo.originalFilename);
  const size = [photo.sizeBytes ? formatBytes(photo.sizeBytes) : null];
  if (photo.width && photo.height) size.push(`${photo.width} × ${photo.height}`);
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
