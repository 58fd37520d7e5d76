/**
 * The list of keyboard shortcuts, in a dialog (? opens it: web/js/key-shortcuts.js). Loaded on first
 * use. Keep it in step with what the keys do: selection.js, lightbox.js, dialogs and key-shortcuts.js.
 */
import { h } from './dom.js';
import { singleKeyShortcutsOn } from './key-shortcuts.js';

/** [section, [[keys, what]]]: keys are shown as <kbd>s joined by "or"/"then" as written. */
const SHORTCUTS = [
  [
    'Anywhere (not while typing)',
    [
      [['?'], 'Show this list'],
      [['u'], 'Upload photos'],
      [['/'], 'Search your photos'],
    ],
  ],
  [
    'Photo viewer',
    [
      [['←', '→'], 'Previous or next photo'],
      [['Esc'], 'Close the viewer (so does the browser’s Back)'],
    ],
  ],
  [
    'Selecting photos (after Select, or a long press on a touch screen)',
    [
      [['←', '→', '↑', '↓'], 'Move between photos'],
      [['Space'], 'Select or unselect the photo'],
      [['Shift', '+ arrows'], 'Select a range'],
      [['Home', 'End'], 'First or last photo'],
      [['Ctrl', '+ A'], 'Select all (⌘ + A on a Mac)'],
      [['Esc'], 'Leave Select mode'],
    ],
  ],
  ['Dialogs', [[['Esc'], 'Cancel and close']]],
];

let open = null;

/** Shows the list; a second ? while it is open does nothing. Focus returns where it was on close. */
export function showShortcuts() {
  if (open) return open;
  const opener = document.activeElement;
  const close = h('button', { type: 'button', class: 'button', text: 'Close' });
  const dialog = h(
    'dialog',
    { class: 'shortcuts', 'aria-labelledby': 'shortcuts-title' },
    h('h2', { id: 'shortcuts-title', text: 'Keyboard shortcuts' }),
    SHORTCUTS.map(([title, rows]) =>
      h(
        'section',
        {},
        h('h3', { text: title }),
        h(
          'dl',
          { class: 'shortcut-list' },
          rows.flatMap(([keys, what]) => [
            h(
              'dt',
              {},
              keys.flatMap((key, at) => [
                at > 0 ? ' ' : null,
                key.startsWith('+') ? key : h('kbd', { text: key }),
              ]),
            ),
            h('dd', { text: what }),
          ]),
        ),
      ),
    ),
    singleKeyShortcutsOn()
      ? h('p', { class: 'hint', text: 'Single-key shortcuts (?, u and /) can be turned off in Settings.' })
      : null,
    h('div', { class: 'actions' }, close),
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    open = null;
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  open = dialog;
  return dialog;
}
