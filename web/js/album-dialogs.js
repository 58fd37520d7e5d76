/**
 * The two questions organizing by hand asks: "which album?" and "what is the new album called?".
 * Native modal <dialog>s with a real <form>: focus is trapped, Esc cancels, focus returns afterwards.
 */
import { h } from './dom.js';
import { LIMITS } from './limits.js';

/** Resolves to the chosen album's id, or null when cancelled. */
export function chooseAlbum({ title, message, albums, confirmLabel }) {
  const select = h(
    'select',
    { id: 'choose-album', name: 'album', required: true },
    albums.map((album) => h('option', { value: album.id, text: album.title })),
  );
  return askInDialog({
    title,
    message,
    confirmLabel,
    fields: [h('label', { for: 'choose-album', text: 'Album' }), select],
    focus: select,
    value: () => select.value || null,
  });
}

/** Resolves to a trimmed, non-empty title, or null when cancelled. */
export function askAlbumTitle({ title, message, confirmLabel, initial = '' }) {
  const input = h('input', {
    id: 'new-album-title',
    name: 'title',
    required: true,
    maxlength: LIMITS.maxAlbumTitleLength,
    value: initial,
    autocomplete: 'off',
  });
  const error = h('p', { class: 'field-error', id: 'new-album-title-error', role: 'alert' });
  return askInDialog({
    title,
    message,
    confirmLabel,
    fields: [
      h('label', { for: 'new-album-title', text: 'Title' }),
      input,
      h('p', { class: 'hint', text: `Up to ${LIMITS.maxAlbumTitleLength} characters.` }),
      error,
    ],
    focus: input,
    value: () => {
      const value = input.value.trim();
      if (value) return value;
      error.textContent = 'The title cannot be empty.';
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'new-album-title-error');
      input.focus();
      return undefined;
    },
  });
}

/** `value()` gives the answer, or undefined to keep the dialog open (a field to correct). */
function askInDialog({ title, message, confirmLabel, fields, focus, value }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const cancel = h('button', { type: 'button', class: 'button', text: 'Cancel' });
    const form = h(
      'form',
      { class: 'stack', novalidate: true },
      ...fields,
      h(
        'div',
        { class: 'actions' },
        cancel,
        h('button', { type: 'submit', class: 'button button-primary', text: confirmLabel }),
      ),
    );
    const dialog = h(
      'dialog',
      {
        class: 'confirm',
        'aria-labelledby': 'ask-title',
        'aria-describedby': message ? 'ask-message' : null,
      },
      h('h2', { id: 'ask-title', text: title }),
      message ? h('p', { id: 'ask-message', text: message }) : null,
      form,
    );
    let answer = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const given = value();
      if (given === undefined) return;
      answer = given;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    focus.focus();
  });
}
