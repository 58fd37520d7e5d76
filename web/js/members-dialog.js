/**
 * The owner's Members dialog (issue 17), loaded on first use from the album screen: invite someone by
 * username (locally) or email address (in AWS, where Cognito emails a new address an invitation) as a
 * viewer or a contributor, see who is invited or has joined, and remove them (their photos leave the
 * album with them).
 */
import { api, describeError } from './api.js';
import { loadAuthConfig } from './auth.js';
import { h, setChildren } from './dom.js';

const STATUS = { invited: 'invited', accepted: 'joined' };

export async function openMembersDialog(album, { announce, onChanged }) {
  const config = await loadAuthConfig();
  const byEmail = config.mode === 'cognito';
  const opener = document.activeElement;
  const handle = h('input', {
    id: 'member-handle',
    name: 'handle',
    required: true,
    maxlength: 254,
    autocomplete: 'off',
    ...(byEmail ? { type: 'email' } : { type: 'text', autocapitalize: 'none', spellcheck: 'false' }),
  });
  const role = h(
    'select',
    { id: 'member-role', name: 'role' },
    h('option', { value: 'viewer', text: 'Viewer: sees the album' }),
    h('option', { value: 'contributor', text: 'Contributor: also adds their own photos' }),
  );
  const message = h('p', { class: 'form-message', id: 'member-message', role: 'status' });
  const list = h('ul', { class: 'member-list', 'aria-label': 'Members' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('label', { for: 'member-handle', text: byEmail ? 'Email' : 'Username' }),
    handle,
    h('label', { for: 'member-role', text: 'Role' }),
    role,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button button-primary', text: 'Invite' }),
    ),
    message,
  );
  const close = h('button', { type: 'button', class: 'button', text: 'Close' });
  const dialog = h(
    'dialog',
    { class: 'confirm members-dialog', 'aria-labelledby': 'members-title' },
    h('h2', { id: 'members-title', text: `Share “${album.title}”` }),
    form,
    h('h3', { text: 'Members' }),
    list,
    h('div', { class: 'actions' }, close),
  );

  async function refresh() {
    try {
      const { members } = await api(`/api/albums/${album.id}/members`);
      setChildren(
        list,
        members.length === 0
          ? h('li', { text: 'Nobody yet.' })
          : members.map((member) => {
              const name = member.displayName ?? member.invitedAs;
              return h(
                'li',
                { class: 'member' },
                h('span', { text: `${name} — ${member.role}, ${STATUS[member.status]}` }),
                h('button', {
                  type: 'button',
                  class: 'button button-quiet',
                  text: 'Remove',
                  'aria-label': `Remove ${name}`,
                  onclick: async () => {
                    try {
                      await api(`/api/albums/${album.id}/members/${member.userId}`, { method: 'DELETE' });
                      message.textContent = `${name} was removed; the photos they added left the album.`;
                      announce(message.textContent);
                      onChanged();
                      await refresh();
                      handle.focus();
                    } catch (error) {
                      message.textContent = describeError(error);
                    }
                  },
                }),
              );
            }),
      );
    } catch (error) {
      setChildren(list, h('li', { text: `The members could not be loaded. ${describeError(error)}` }));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = handle.value.trim();
    if (value.length === 0) {
      message.textContent = byEmail ? 'Type an email address.' : 'Type a username.';
      handle.setAttribute('aria-invalid', 'true');
      handle.setAttribute('aria-describedby', 'member-message');
      handle.focus();
      return;
    }
    handle.removeAttribute('aria-invalid');
    try {
      const member = await api(`/api/albums/${album.id}/members`, {
        method: 'POST',
        body: { handle: value, role: role.value },
      });
      message.textContent = `Invited ${member.displayName ?? value} as a ${member.role}.`;
      announce(message.textContent);
      handle.value = '';
      await refresh();
    } catch (error) {
      message.textContent =
        error.status === 404 && error.code === 'not_found' && /user/.test(error.message)
          ? `Nobody can be found as “${value}”.`
          : describeError(error);
    }
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  handle.focus();
  await refresh();
}
