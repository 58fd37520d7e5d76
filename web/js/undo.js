/**
 * The one undo offer on screen: what just happened and an Undo button, at the bottom of the window
 * (outside the screen, so it survives the redraw or navigation the change caused), until the next
 * offer replaces it or the user dismisses it. It stays put rather than timing out, so nobody has to
 * race it. Screen readers hear the message through the announcer, with the way back.
 */
import { api, describeError } from './api.js';
import { announce, h, REFRESH_EVENT, setChildren } from './dom.js';
import { LIMITS } from './limits.js';

let toast = null;

/**
 * Shows `message` with Undo; `undo()` puts things back and resolves to what to say then. The current
 * screen is drawn again afterwards (from the server), unless `undo` navigated elsewhere itself.
 */
export function offerUndo(message, undo) {
  const button = h('button', { type: 'button', class: 'button button-small', text: 'Undo' });
  const dismiss = h('button', {
    type: 'button',
    class: 'button button-small button-quiet',
    'aria-label': 'Dismiss',
    text: '×',
    onclick: () => hideUndo(),
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    const hash = location.hash;
    try {
      const said = await undo();
      show(h('span', { text: said }), dismiss);
      announce(said);
      // Redraws the screen the user is on from the server's state, in place (app.js).
      if (location.hash === hash) window.dispatchEvent(new Event(REFRESH_EVENT));
    } catch (error) {
      button.disabled = false;
      show(h('span', { text: `Could not undo: ${describeError(error)}` }), button, dismiss);
      announce(`Could not undo: ${describeError(error)}`);
    }
  });
  show(h('span', { text: message }), button, dismiss);
  announce(`${message}. Undo is available at the bottom of the page.`);
}

export function hideUndo() {
  toast?.remove();
  toast = null;
}

function show(...parts) {
  if (!toast?.isConnected) {
    toast = h('div', { class: 'undo-toast', role: 'group', 'aria-label': 'Last change' });
    document.body.append(toast);
  }
  setChildren(toast, parts);
}

/** Takes photos out of the Trash, in requests of at most the API's limit. */
export async function restorePhotos(ids) {
  for (let start = 0; start < ids.length; start += LIMITS.maxBulkPhotos) {
    await api('/api/images/restore', {
      method: 'POST',
      body: { imageIds: ids.slice(start, start + LIMITS.maxBulkPhotos) },
    });
  }
}
