/**
 * The viewer's info panel: when the photo was taken and how that is known, where, with what camera,
 * its file name and size, the albums it is in, and the actions the screen offers for it.
 */
import { h, setChildren } from './dom.js';
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
 * Fills `panel` with what `photo` (a listed photo) says. `runAction(run)` runs an action chosen
 * in the panel (the viewer closes first).
 */
export function infoPanel(panel, photo, viewer, runAction) {
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
  row('File name', photo.originalFilename);
  if (photo.width && photo.height) row('Size', `${photo.width} × ${photo.height}`);
  const titles = viewer.albumTitles?.();
  if (titles && photo.albumIds) {
    const names = photo.albumIds.map((id) => titles.get(id)).filter(Boolean);
    row('Albums', names.length > 0 ? names.join(', ') : 'Not in any album');
  }
  for (const [term, value] of viewer.facts?.(photo) ?? []) row(term, value);
  const actions = (viewer.actions?.(photo) ?? []).map(({ label, run, danger }) =>
    h('button', {
      type: 'button',
      class: danger ? 'button button-small button-danger' : 'button button-small',
      text: label,
      onclick: () => runAction(run),
    }),
  );
  setChildren(
    panel,
    h('h2', { class: 'visually-hidden', text: 'Info' }),
    h('dl', { class: 'photo-facts' }, rows),
    actions.length > 0 ? h('div', { class: 'photo-info-actions' }, actions) : null,
  );
}
