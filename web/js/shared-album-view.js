/**
 * One album someone shared with the user (issue 17): its photos, whose it is and what the user may do.
 * A viewer only looks; a contributor adds photos from their own library and takes out their own (never
 * anyone else's). Anyone may leave: a contributor's photos leave the album with them.
 */
import { api, describeError } from './api.js';
import { confirmAction } from './dialogs.js';
import { errorPanel, h, keepPlace, plural, setChildren, showNotice, statusMessage } from './dom.js';
import { photoLabel, photoTile, previewImage } from './photos.js';

export function render(main, { params, announce, onRendered }) {
  const { albumId } = params;
  let alive = true;
  setChildren(main, h('h1', { text: 'Shared album' }), statusMessage('Loading the album…'));

  async function load() {
    try {
      const album = await api(`/api/shared-albums/${albumId}`);
      if (alive) draw(album);
    } catch (error) {
      if (!alive) return;
      if (error.status === 404) {
        setChildren(
          main,
          h('h1', { text: 'Album not found' }),
          h(
            'p',
            {},
            'It is no longer shared with you. ',
            h('a', { href: '#/shared', text: 'Back to Shared with me' }),
            '.',
          ),
        );
      } else {
        setChildren(
          main,
          h('h1', { text: 'Shared album' }),
          errorPanel(`The album could not be loaded. ${describeError(error)}`, load),
        );
      }
    }
  }

  async function change(work, message) {
    try {
      await work();
      announce(message);
      await keepPlace(main, load);
      showNotice(main.querySelector('.notice'), message, 'status');
    } catch (error) {
      showNotice(main.querySelector('.notice'), describeError(error), 'alert');
    }
  }

  function draw(album) {
    const contributor = album.role === 'contributor';
    const mine = new Set(album.yourImageIds);
    const photos = album.images;
    const leave = h('button', { type: 'button', class: 'button button-danger', text: 'Leave album' });
    leave.addEventListener('click', async () => {
      const sure = await confirmAction({
        title: `Leave “${album.title}”?`,
        message: contributor
          ? 'The album will no longer be shared with you, and the photos you added leave it (they stay in your library).'
          : 'The album will no longer be shared with you.',
        confirmLabel: 'Leave',
        danger: true,
      });
      if (!sure) return;
      try {
        await api(`/api/albums/${albumId}/members/me`, { method: 'DELETE' });
        announce(`You left “${album.title}”.`);
        location.hash = '#/shared';
      } catch (error) {
        showNotice(main.querySelector('.notice'), describeError(error), 'alert');
      }
    });
    const add = contributor
      ? h('button', { type: 'button', class: 'button button-primary', text: 'Add your photos' })
      : null;
    add?.addEventListener('click', async () => {
      const chosen = await pickOwnPhotos(new Set(photos.map((photo) => photo.id)));
      if (chosen.length === 0) return;
      await change(
        () => api(`/api/shared-albums/${albumId}/images`, { method: 'POST', body: { imageIds: chosen } }),
        `Added ${plural(chosen.length, 'photo')}.`,
      );
    });
    setChildren(
      main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/shared', text: '← Shared with me' })),
      h('h1', { tabindex: '-1', text: album.title }),
      h('p', {
        class: 'lead',
        text: `Shared by ${album.ownerName ?? 'someone'} · ${contributor ? 'you can add your photos' : 'you can view'}`,
      }),
      album.themeDescription ? h('p', { class: 'album-description', text: album.themeDescription }) : null,
      h('p', { class: 'album-count', text: plural(photos.length, 'photo') }),
      h('p', { class: 'notice', hidden: true }),
      h('div', { class: 'actions' }, add, leave),
      photos.length === 0
        ? h('div', { class: 'empty-state panel' }, h('p', { text: 'This album has no photos yet.' }))
        : h(
            'ul',
            { class: 'photo-grid', 'aria-label': 'Photos' },
            photos.map((photo, index) =>
              photoTile(
                photos,
                index,
                {},
                contributor && mine.has(photo.id)
                  ? h('button', {
                      type: 'button',
                      class: 'button button-quiet tile-action',
                      text: 'Remove',
                      'aria-label': `Remove your ${photoLabel(photo)} from the album`,
                      onclick: () =>
                        change(
                          () =>
                            api(`/api/shared-albums/${albumId}/images/remove`, {
                              method: 'POST',
                              body: { imageIds: [photo.id] },
                            }),
                          'Your photo was taken out of the album; it stays in your library.',
                        ),
                    })
                  : null,
              ),
            ),
          ),
    );
  }

  load().then(() => alive && onRendered());
  return () => {
    alive = false;
  };
}

/** A dialog listing the newest photos of the user's own library; resolves to the ids chosen. */
async function pickOwnPhotos(alreadyThere) {
  const page = await api('/api/images?limit=100');
  const choices = page.images.filter((photo) => !alreadyThere.has(photo.id));
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const boxes = choices.map((photo, index) => {
      const box = h('input', { type: 'checkbox', id: `pick-${index}`, value: photo.id });
      return h(
        'li',
        { class: 'pick-photo' },
        box,
        h('label', { for: `pick-${index}` }, previewImage(photo, { alt: photoLabel(photo) })),
      );
    });
    let chosen = [];
    const cancel = h('button', { type: 'button', class: 'button', text: 'Cancel' });
    const confirm = h('button', { type: 'button', class: 'button button-primary', text: 'Add' });
    const dialog = h(
      'dialog',
      { class: 'confirm pick-dialog', 'aria-labelledby': 'pick-title' },
      h('h2', { id: 'pick-title', text: 'Add your photos' }),
      choices.length === 0
        ? h('p', { text: 'Every photo of your library is in this album already, or your library is empty.' })
        : h('ul', { class: 'pick-grid', 'aria-label': 'Your photos' }, boxes),
      h('div', { class: 'actions' }, cancel, confirm),
    );
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      chosen = [...dialog.querySelectorAll('input:checked')].map((box) => box.value);
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(chosen);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
