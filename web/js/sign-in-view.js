/** The sign-in screen: a username locally, the Cognito hosted UI in AWS. */
import { describeError } from './api.js';
import { signInLocally } from './auth.js';
import { h, setChildren } from './dom.js';

export function renderSignIn(main, { config, message, onSignedIn }) {
  const error = h('p', { class: 'field-error', id: 'sign-in-error', role: 'alert' });
  const intro = h(
    'p',
    { class: 'lead' },
    'Upload a batch of photos and Momentarium sorts them into albums you can browse and correct.',
  );
  const notice = message ? h('p', { class: 'panel panel-info', role: 'status', text: message }) : null;
  const panel = h('section', { class: 'sign-in panel', 'aria-labelledby': 'sign-in-title' });
  setChildren(main, panel);

  if (config.mode === 'cognito') {
    const button = h('button', { type: 'button', class: 'button button-primary', text: 'Sign in' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const { beginSignIn } = await import('./auth-cognito.js');
        await beginSignIn(config);
      } catch (failure) {
        button.disabled = false;
        error.textContent = describeError(failure);
      }
    });
    setChildren(
      panel,
      h('h1', { id: 'sign-in-title', text: 'Welcome to Momentarium' }),
      intro,
      notice,
      button,
      error,
    );
    return;
  }

  const input = h('input', {
    id: 'username',
    name: 'username',
    autocomplete: 'username',
    required: true,
    maxlength: 64,
    pattern: '[\\p{L}\\p{N}._@\\-]+',
    'aria-describedby': 'username-hint sign-in-error',
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary', text: 'Sign in' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('label', { for: 'username', text: 'Username' }),
    input,
    h('p', {
      class: 'hint',
      id: 'username-hint',
      text: 'Local mode: any name made of letters, digits and . _ @ - signs you in. No password.',
    }),
    submit,
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = input.value.trim();
    if (!username || !input.checkValidity()) {
      error.textContent = 'Enter a username made of letters, digits and . _ @ - only.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    error.textContent = '';
    submit.disabled = true;
    try {
      await signInLocally(username);
      onSignedIn();
    } catch (failure) {
      error.textContent = describeError(failure);
      submit.disabled = false;
    }
  });
  setChildren(panel, h('h1', { id: 'sign-in-title', text: 'Welcome to Momentarium' }), intro, notice, form);
}
