/** A modal confirmation built on <dialog>: focus is trapped, Esc cancels, focus returns afterwards. */
import { h } from './dom.js';

export function confirmAction({ title, message, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const cancel = h('button', { type: 'button', class: 'button', text: 'Cancel' });
    const confirm = h('button', {
      type: 'button',
      class: danger ? 'button button-danger' : 'button button-primary',
      text: confirmLabel,
    });
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      h('h2', { id: 'confirm-title', text: title }),
      h('p', { id: 'confirm-message', text: message }),
      h('div', { class: 'actions' }, cancel, confirm),
    );
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
