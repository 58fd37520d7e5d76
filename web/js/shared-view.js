/**
 * "Shared with me" (issue 17): invitations waiting for an answer (Accept / Decline) and the albums
 * other people shared with the user, each opening read-only (viewer) or with the user's own photos to
 * add (contributor).
 */
import { api, describeError } from './api.js';
import { h, loadInto, plural, setChildren, statusMessage } from './dom.js';
import { COVER_SIZES, previewImage } from './photos.js';

const ROLE_NAMES = { viewer: 'You can view', contributor: 'You can add your photos' };

export function render(main, { announce, onRendered }) {
  const body = h('div', { class: 'shared-body' });
  setChildren(main, h('h1', { text: 'Shared with me' }), body);
  onRendered();
  const reload = () =>
    loadInto(body, {
      loading: () => [statusMessage('Loading what was shared with you…')],
      load: async () => {
        const [{ invitations }, { albums }] = await Promise.all([
          api('/api/invitations'),
          api('/api/shared-albums'),
        ]);
        return [invitationStrip(invitations, announce, reload), sharedCards(albums)];
      },
      failure: (error) => `What was shared with you could not be loaded. ${describeError(error)}`,
    });
  return reload();
}

function invitationStrip(invitations, announce, reload) {
  if (invitations.length === 0) return null;
  return h(
    'section',
    { class: 'invitations panel', 'aria-labelledby': 'invitations-heading' },
    h('h2', { id: 'invitations-heading', text: plural(invitations.length, 'invitation') }),
    h(
      'ul',
      { class: 'invitation-list' },
      invitations.map((invitation) => invitationRow(invitation, announce, reload)),
    ),
  );
}

function invitationRow(invitation, announce, reload) {
  const from = invitation.ownerName ?? 'Someone';
  const message = h('p', { class: 'form-message', role: 'status' });
  const answer = (verb) => async () => {
    for (const button of row.querySelectorAll('button')) button.disabled = true;
    try {
      await api(`/api/invitations/${invitation.albumId}/${verb}`, { method: 'POST' });
      announce(verb === 'accept' ? `You joined “${invitation.title}”.` : 'Invitation declined.');
      reload();
    } catch (error) {
      message.textContent = describeError(error);
      for (const button of row.querySelectorAll('button')) button.disabled = false;
    }
  };
  const row = h(
    'li',
    { class: 'invitation' },
    h(
      'p',
      {},
      h('strong', { text: from }),
      ` invited you to “${invitation.title}” — ${invitation.role === 'contributor' ? 'to add your photos' : 'to view'}.`,
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', {
        type: 'button',
        class: 'button button-primary',
        text: 'Accept',
        'aria-label': `Accept the invitation to ${invitation.title}`,
        onclick: answer('accept'),
      }),
      h('button', {
        type: 'button',
        class: 'button',
        text: 'Decline',
        'aria-label': `Decline the invitation to ${invitation.title}`,
        onclick: answer('decline'),
      }),
    ),
    message,
  );
  return row;
}

function sharedCards(albums) {
  if (albums.length === 0) {
    return h(
      'div',
      { class: 'empty-state panel' },
      h('h2', { text: 'Nothing shared with you yet' }),
      h('p', { text: 'When someone shares an album with you and you accept, it appears here.' }),
    );
  }
  return h(
    'ul',
    { class: 'album-cards' },
    albums.map((album) =>
      h(
        'li',
        { class: 'album-card' },
        h(
          'a',
          { href: `#/shared/${album.id}`, class: 'album-link' },
          h(
            'div',
            { class: 'album-cover' },
            album.cover
              ? previewImage(album.cover, { alt: '', sizes: COVER_SIZES })
              : h('span', { class: 'album-empty', text: 'No photos' }),
          ),
          h('h2', { class: 'album-title', text: album.title }),
        ),
        h('p', { class: 'album-when', text: `Shared by ${album.ownerName ?? 'someone'}` }),
        h('p', {
          class: 'album-count',
          text: `${plural(album.photoCount, 'photo')} · ${ROLE_NAMES[album.role]}`,
        }),
      ),
    ),
  );
}
