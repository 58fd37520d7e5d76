/**
 * Single-key shortcuts for the whole app: ? lists every shortcut, u opens Upload, / goes to the search
 * box. Never while typing in a field or inside a dialog, and they can be turned off in Settings (WCAG
 * 2.1.4: a speech-input user saying a word must not fire them). Keys that act on what has focus (the
 * viewer's arrows, Select mode) live with their screens.
 */
const OFF_KEY = 'momentarium.singleKeyShortcuts';

export function singleKeyShortcutsOn() {
  try {
    return localStorage.getItem(OFF_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setSingleKeyShortcuts(on) {
  try {
    if (on) localStorage.removeItem(OFF_KEY);
    else localStorage.setItem(OFF_KEY, 'off');
  } catch {
    // Storage unavailable: the choice lasts until the page is left.
  }
}

/** Listens for the shortcuts; `signedIn()` says whether the app's screens can be reached. */
export function listenForShortcuts({ signedIn }) {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.('input, textarea, select, [contenteditable], dialog')) return;
    if (!singleKeyShortcutsOn()) return;
    if (event.key === '?') {
      event.preventDefault();
      import('./shortcuts-dialog.js').then(({ showShortcuts }) => showShortcuts());
    } else if (event.key === 'u' && signedIn()) {
      event.preventDefault();
      location.hash = '#/upload';
    } else if (event.key === '/' && signedIn()) {
      event.preventDefault();
      document.getElementById('search-words')?.focus();
    }
  });
}
