/**
 * The photo viewer in the browser's history, as photo apps do: opening a photo adds an entry whose
 * address names it (#/albums/<id>?photo=<imageId>, so a photo can be linked to), Back closes the
 * viewer instead of leaving the album, and closing it by its button or Escape goes back, so the
 * history holds no dead entries. The router (app.js) ignores changes of `photo=` alone; a screen's own
 * query (#/search?q=…) stays beside it: #/search?q=sea&photo=<imageId>.
 */

const PARAM = 'photo';

/** The screen's part of a hash: "#/search?q=sea" of "#/search?q=sea&photo=<imageId>". */
export function screenHash(hash = location.hash) {
  const at = hash.indexOf('?');
  if (at < 0) return hash;
  const query = new URLSearchParams(hash.slice(at + 1));
  query.delete(PARAM);
  const rest = query.toString();
  return rest ? `${hash.slice(0, at)}?${rest}` : hash.slice(0, at);
}

/** The photo a hash names, or null. */
export function linkedPhoto(hash = location.hash) {
  const query = hash.indexOf('?');
  return query < 0 ? null : new URLSearchParams(hash.slice(query + 1)).get(PARAM);
}

function hashFor(photoId) {
  const screen = screenHash();
  return `${screen}${screen.includes('?') ? '&' : '?'}${new URLSearchParams({ [PARAM]: photoId })}`;
}

/**
 * Ties an open viewer `dialog` to the history. Returns `show(photoId)`, to call when the viewer moves
 * to another photo (the address follows, without a new entry), and `afterClose(run)`, which runs
 * `run` once the viewer's entry has left the history (an action that navigates must come after).
 */
export function keepViewerInHistory(dialog, photoId) {
  // Opened from a link: its entry exists already, and Back should leave it as any page is left.
  // Entries this viewer added (marked in their state) are its own again after a reload or Forward.
  const fromLink = linkedPhoto() !== null && !history.state?.viewer;
  if (linkedPhoto() === null) history.pushState({ ...history.state, viewer: true }, '', hashFor(photoId));
  else history.replaceState(history.state, '', hashFor(photoId));
  let closedByBack = false;
  let settle;
  const settled = new Promise((resolve) => {
    settle = resolve;
  });
  const onPopState = () => {
    if (linkedPhoto() !== null) return;
    closedByBack = true;
    dialog.close();
  };
  window.addEventListener('popstate', onPopState);
  dialog.addEventListener('close', () => {
    window.removeEventListener('popstate', onPopState);
    if (closedByBack) settle();
    else if (fromLink) {
      history.replaceState(history.state, '', screenHash());
      settle();
    } else {
      window.addEventListener('popstate', settle, { once: true });
      history.back();
    }
  });
  return {
    show: (shownId) => history.replaceState(history.state, '', hashFor(shownId)),
    afterClose: (run) => settled.then(run),
  };
}

/**
 * Opens the viewer on the photo the address names (a link, Forward) once the screen has drawn its
 * tile, by the tile's own button, as a click would. Returns a function that stops waiting.
 */
export function openLinkedPhoto(container) {
  const id = linkedPhoto();
  if (!id || document.querySelector('dialog[open]')) return () => {};
  const observer = new MutationObserver(() => open());
  function open() {
    if (linkedPhoto() !== id) return observer.disconnect();
    const button = container.querySelector(`[data-photo-id="${CSS.escape(id)}"] .photo-open`);
    if (!button) return;
    observer.disconnect();
    button.click();
  }
  observer.observe(container, { childList: true, subtree: true });
  open();
  return () => observer.disconnect();
}
