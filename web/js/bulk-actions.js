/**
 * What can be done with many photos at once, and the bar that offers it. Each action asks what it needs
 * (an album, a title, a confirmation), sends the bulk requests — split into requests of at most
 * LIMITS.maxBulkPhotos ids, the API's limit — and resolves to what to tell the user, or null when the
 * user cancelled. A failure part-way says how many photos were done.
 */

import { askAlbumTitle, chooseAlbum } from './album-dialogs.js';
import { api, describeError } from './api.js';
import { confirmAction } from './dialogs.js';
import { h, keepPlace, plural } from './dom.js';
import { LIMITS } from './limits.js';
import { offerUndo, restorePhotos } from './undo.js';

/**
 * The Select button and, in Select mode, the count and the actions. `actions`: [{ label, run, danger }];
 * each run() resolves when done. Returns the bar; call `update()` after the selection changes.
 */
export function selectionBar(selection, actions) {
  const toggle = h('button', { type: 'button', class: 'button', 'aria-pressed': 'false', text: 'Select' });
  toggle.addEventListener('click', () => (selection.active ? selection.stop() : selection.start()));
  const count = h('p', { class: 'selection-count' });
  const all = h('button', { type: 'button', class: 'button button-small', text: 'Select all' });
  all.addEventListener('click', () => selection.selectAll());
  const buttons = actions.map(({ label, run, danger }) => {
    const button = h('button', {
      type: 'button',
      class: danger ? 'button button-small button-danger' : 'button button-small',
      text: label,
    });
    button.addEventListener('click', () => run());
    return button;
  });
  const tools = h('div', { class: 'selection-actions', role: 'group', 'aria-label': 'Selected photos' }, [
    count,
    all,
    ...buttons,
  ]);
  const bar = h('div', { class: 'selection-bar' }, toggle, tools);
  bar.update = () => {
    toggle.setAttribute('aria-pressed', String(selection.active));
    toggle.textContent = selection.active ? 'Done' : 'Select';
    bar.classList.toggle('active', selection.active);
    tools.hidden = !selection.active;
    count.textContent = `${plural(selection.count, 'photo')} selected`;
    for (const button of buttons) button.disabled = selection.count === 0;
  };
  bar.update();
  return bar;
}

/**
 * Runs one action on the selection: on success the selection ends, the screen shows the server's new
 * state (or the album the action made or merged into) and the outcome is said; a failure is shown and
 * the screen reloaded, as part of it may have happened. One action at a time.
 */
export function bulkRunner({ selection, announce, notify, reload }) {
  let busy = false;
  // `ids`: one photo's action from the viewer runs the same way as the selection's.
  return async (action, ids = selection.ids) => {
    if (busy) return;
    busy = true;
    try {
      const outcome = await action(ids);
      if (outcome === null) return;
      const message = typeof outcome === 'string' ? outcome : outcome.message;
      if (typeof outcome === 'object' && outcome.id) {
        selection.stop({ quiet: true });
        announce(message);
        location.hash = `#/albums/${outcome.id}`;
        return;
      }
      // Leaving Select mode shrinks the bar above the photos: the place is held from before that.
      await keepPlace(document.getElementById('main') ?? document.body, async () => {
        selection.stop({ quiet: true });
        await reload();
      });
      announce(message);
      notify(message, 'status');
    } catch (error) {
      notify(describeError(error), 'alert');
      await reload();
    } finally {
      busy = false;
    }
  };
}

/** Moves the photos out of album `from` into one of `albums` (the others). */
export async function moveToAlbum(ids, { from, albums }) {
  if (albums.length === 0) throw new Error('There is no other album to move them to. Make one first.');
  const target = await chooseAlbum({
    title: `Move ${plural(ids.length, 'photo')} to…`,
    message: 'They leave this album and go to the end of the one you choose.',
    albums,
    confirmLabel: 'Move',
  });
  if (!target) return null;
  await inChunks(ids, 'moved', (chunk) =>
    api(`/api/albums/${target}/images`, { method: 'POST', body: { imageIds: chunk, fromAlbumId: from } }),
  );
  return `Moved ${plural(ids.length, 'photo')} to “${titleOf(albums, target)}”.`;
}

/** Adds the photos to one of `albums`; they stay where they are too. */
export async function addToAlbum(ids, { albums }) {
  if (albums.length === 0) throw new Error('There is no album to add them to. Make one first.');
  const target = await chooseAlbum({
    title: `Add ${plural(ids.length, 'photo')} to…`,
    message: 'They go to the end of the album you choose, and stay where they are too.',
    albums,
    confirmLabel: 'Add',
  });
  if (!target) return null;
  await inChunks(ids, 'added', (chunk) =>
    api(`/api/albums/${target}/images`, { method: 'POST', body: { imageIds: chunk } }),
  );
  return `Added ${plural(ids.length, 'photo')} to “${titleOf(albums, target)}”.`;
}

/** Takes the photos out of the album; they stay in the library. */
export async function removeFromAlbum(ids, { albumId }) {
  await inChunks(ids, 'removed', (chunk) =>
    api(`/api/albums/${albumId}/images/remove`, { method: 'POST', body: { imageIds: chunk } }),
  );
  return `Removed ${plural(ids.length, 'photo')} from the album. They are still in your library.`;
}

/** Makes a new album of the photos, in their order; resolves to { id, message } or null. */
export async function newAlbumFrom(ids) {
  const title = await askAlbumTitle({
    title: `New album of ${plural(ids.length, 'photo')}`,
    message: 'The photos stay where they are too. Organizing never renames an album you named.',
    confirmLabel: 'Make album',
  });
  if (!title) return null;
  const [first = [], ...rest] = chunks(ids);
  const album = await api('/api/albums', { method: 'POST', body: { title, imageIds: first } });
  await inChunks(rest.flat(), 'added', (chunk) =>
    api(`/api/albums/${album.id}/images`, { method: 'POST', body: { imageIds: chunk } }),
  );
  return { id: album.id, message: `Album “${album.title}” made with ${plural(ids.length, 'photo')}.` };
}

/** Makes an empty album; resolves to { id, message } or null. */
export async function newEmptyAlbum() {
  const title = await askAlbumTitle({
    title: 'New album',
    message: 'Add photos to it from the library or from another album with Select.',
    confirmLabel: 'Make album',
  });
  if (!title) return null;
  const album = await api('/api/albums', { method: 'POST', body: { title } });
  return { id: album.id, message: `Album “${album.title}” made.` };
}

/** Merges `album` into one of `albums` the user chooses (asked twice: it deletes `album`). */
export async function mergeInto(album, { albums }) {
  if (albums.length === 0) throw new Error('There is no other album to merge this one into.');
  const target = await chooseAlbum({
    title: `Merge “${album.title}” into…`,
    message: 'Its photos go to the end of the album you choose, and this album is deleted.',
    albums,
    confirmLabel: 'Continue',
  });
  if (!target) return null;
  const targetTitle = titleOf(albums, target);
  const confirmed = await confirmAction({
    title: 'Merge these albums?',
    message: `The photos of “${album.title}” will be added to “${targetTitle}”, and “${album.title}” will be deleted.`,
    confirmLabel: 'Merge',
  });
  if (!confirmed) return null;
  await api(`/api/albums/${target}/merge`, { method: 'POST', body: { albumIds: [album.id] } });
  return { id: target, message: `“${album.title}” merged into “${targetTitle}”.` };
}

/** Moves the photos to the Trash (restorable), after asking. */
export async function moveToTrash(ids) {
  const confirmed = await confirmAction({
    title: `Move ${plural(ids.length, 'photo')} to the Trash?`,
    message: 'They leave every album and the library. You can restore them from the Trash for 30 days.',
    confirmLabel: 'Move to Trash',
    danger: true,
  });
  if (!confirmed) return null;
  await inChunks(ids, 'moved to the Trash', (chunk) =>
    api('/api/images/trash', { method: 'POST', body: { imageIds: chunk } }),
  );
  offerUndo(`Moved ${plural(ids.length, 'photo')} to Trash`, async () => {
    await restorePhotos(ids);
    return `${plural(ids.length, 'photo')} back where they were.`;
  });
  return `Moved ${plural(ids.length, 'photo')} to the Trash.`;
}

/** Runs `send` on each slice of at most the API's per-request limit, one after the other. */
async function inChunks(ids, verb, send) {
  let done = 0;
  for (const chunk of chunks(ids)) {
    try {
      await send(chunk);
    } catch (error) {
      if (done === 0) throw error;
      throw new Error(
        `${done} of ${plural(ids.length, 'photo')} were ${verb}; the rest were not: ${describeError(error)}`,
      );
    }
    done += chunk.length;
  }
}

function chunks(ids) {
  const size = LIMITS.maxBulkPhotos;
  const slices = [];
  for (let start = 0; start < ids.length; start += size) slices.push(ids.slice(start, start + size));
  return slices;
}

function titleOf(albums, id) {
  return albums.find((album) => album.id === id)?.title ?? 'the album';
}
