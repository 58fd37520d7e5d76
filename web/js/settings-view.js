/**
 * The settings screen: people recognition, off until the user turns it on (turning it off deletes
 * every face and person stored, so it asks first), and the keyboard shortcuts (kept in this browser).
 */
import { api, describeError } from './api.js';
import { confirmAction } from './dialogs.js';
import { h, loadInto, setChildren, statusMessage } from './dom.js';
import { setSingleKeyShortcuts, singleKeyShortcutsOn } from './key-shortcuts.js';

export function render(main, { announce, onRendered }) {
  const body = h('div', { class: 'settings-body' });
  setChildren(main, h('h1', { text: 'Settings' }), body, keyboardSection(announce));
  onRendered();
  return loadInto(body, {
    loading: () => [statusMessage('Loading your settings…')],
    load: async () => peopleSection(await api('/api/settings'), announce),
    failure: (error) => `Your settings could not be loaded. ${describeError(error)}`,
  });
}

function peopleSection(settings, announce) {
  const toggle = h('input', { type: 'checkbox', id: 'people-recognition', name: 'peopleRecognition' });
  toggle.checked = settings.peopleRecognition;
  const message = h('p', { class: 'form-message', role: 'status' });
  toggle.addEventListener('change', async () => {
    const wanted = toggle.checked;
    if (!wanted) {
      const sure = await confirmAction({
        title: 'Turn off people recognition?',
        message:
          'Every face and person found in your photos will be deleted now. Your photos and albums stay.',
        confirmLabel: 'Turn off and delete',
        danger: true,
      });
      if (!sure) {
        toggle.checked = true;
        return;
      }
    }
    toggle.disabled = true;
    try {
      const saved = await api('/api/settings', { method: 'PATCH', body: { peopleRecognition: wanted } });
      toggle.checked = saved.peopleRecognition;
      message.textContent = saved.peopleRecognition
        ? 'On: photos you upload from now on are read for faces.'
        : 'Off: faces and people were deleted.';
      announce(message.textContent);
    } catch (error) {
      toggle.checked = !wanted;
      message.textContent = `Not saved. ${describeError(error)}`;
    } finally {
      toggle.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'people-heading' },
    h('h2', { id: 'people-heading', text: 'People' }),
    h(
      'p',
      { class: 'setting' },
      toggle,
      ' ',
      h('label', { for: 'people-recognition', text: 'Recognise people in my photos' }),
    ),
    h(
      'p',
      {},
      'When this is on, the faces in the photos you upload are found and grouped into the people they belong to, so that ' +
        'albums keep the same people together. It runs on Momentarium’s own servers, and nobody else’s photos are ' +
        'compared with yours. No face or description of one is sent anywhere.',
    ),
    h(
      'p',
      {},
      'What is kept: where each face is in its photo and a list of 128 numbers that describes it (not a picture of it). ' +
        'Turning this off deletes all of it at once; deleting a photo deletes its faces.',
    ),
    message,
  );
}

function keyboardSection(announce) {
  const toggle = h('input', { type: 'checkbox', id: 'single-key-shortcuts', name: 'singleKeyShortcuts' });
  toggle.checked = singleKeyShortcutsOn();
  toggle.addEventListener('change', () => {
    setSingleKeyShortcuts(toggle.checked);
    announce(toggle.checked ? 'Single-key shortcuts on.' : 'Single-key shortcuts off.');
  });
  const list = h('button', { type: 'button', class: 'button', text: 'Show keyboard shortcuts' });
  list.addEventListener('click', async () => {
    const { showShortcuts } = await import('./shortcuts-dialog.js');
    showShortcuts();
  });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'keyboard-heading' },
    h('h2', { id: 'keyboard-heading', text: 'Keyboard' }),
    h(
      'p',
      { class: 'setting' },
      toggle,
      ' ',
      h('label', {
        for: 'single-key-shortcuts',
        text: 'Single-key shortcuts (? lists them, u uploads, / searches)',
      }),
    ),
    h('p', {
      text: 'Turn these off if you use speech input or press keys by accident. Keys that act on what has focus (the photo viewer, selecting photos) always work.',
    }),
    h('p', {}, list),
  );
}
