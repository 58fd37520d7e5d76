/**
 * Similar photos: the library's near duplicates (bursts, re-saves, edits), one group at a time on the
 * page. In each group the best photo is chosen to keep; the person may choose another, and the rest go
 * to the Trash, where they stay restorable for 30 days.
 */
import { api, describeError } from './api.js';
import { errorPanel, formatBytes, h, plural, setChildren, statusMessage } from './dom.js';
import { photoDate, previewImage } from './photos.js';

export function render(main, { announce, onRendered }) {
  let alive = true;
  let busy = false;
  const notice = h('p', { class: 'notice', hidden: true });
  const body = h('div', { class: 'similar-body' });
  setChildren(
    main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/library', text: '← Library' })),
    h('h1', { tabindex: '-1', text: 'Similar photos' }),
    h('p', {
      class: 'lead',
      text:
        'Bursts, copies saved again, resized or lightly edited. Keep the one you want: the others go to ' +
        'the Trash, where you can restore them for 30 days.',
    }),
    notice,
    body,
  );
  onRendered();

  function showNotice(message, role) {
    notice.className = `notice panel ${role === 'alert' ? 'panel-error' : 'panel-info'}`;
    notice.setAttribute('role', role);
    notice.textContent = message;
    notice.hidden = false;
  }

  async function load() {
    setChildren(body, statusMessage('Looking for similar photos…'));
    try {
      const found = await api('/api/images/similar');
      if (alive) draw(found);
    } catch (error) {
      if (alive)
        setChildren(body, errorPanel(`Similar photos could not be found. ${describeError(error)}`, load));
    }
  }

  function draw(found) {
    if (found.groups.length === 0) {
      setChildren(
        body,
        h(
          'div',
          { class: 'empty-state panel' },
          h('p', { text: 'No similar photos: every photo is one of a kind.' }),
        ),
        limitsNote(found),
      );
      return;
    }
    setChildren(
      body,
      h('p', { class: 'similar-count', text: `${plural(found.groups.length, 'group')} of similar photos.` }),
      limitsNote(found),
      h(
        'ol',
        { class: 'similar-groups' },
        found.groups.map((group, index) => h('li', {}, groupForm(group, index))),
      ),
    );
  }

  function groupForm(group, index) {
    const name = `keep-${index}`;
    const legendId = `similar-${index}`;
    const submit = h('button', {
      type: 'submit',
      class: 'button button-primary',
      text: `Keep the chosen photo, move ${plural(group.images.length - 1, 'other')} to the Trash`,
    });
    const form = h(
      'form',
      { class: 'similar-group panel', 'aria-labelledby': legendId },
      h('h2', { id: legendId, text: `${plural(group.images.length, 'similar photo')}` }),
      h(
        'fieldset',
        {},
        h('legend', { class: 'visually-hidden', text: 'Photo to keep' }),
        h(
          'ul',
          { class: 'similar-choices' },
          group.images.map((photo, position) => {
            const id = `${name}-${photo.id}`;
            return h(
              'li',
              { class: 'similar-choice', 'data-photo-id': photo.id },
              h('input', { type: 'radio', name, id, value: photo.id, checked: position === 0 }),
              h(
                'label',
                { for: id },
                h('span', { class: 'similar-photo' }, tileImage(photo)),
                h('span', { class: 'photo-name', text: photo.originalFilename }),
                h('span', { class: 'photo-date', text: describe(photo) }),
                position === 0 ? h('span', { class: 'badge', text: 'Best' }) : null,
              ),
            );
          }),
        ),
      ),
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (busy) return;
      const keep = new FormData(form).get(name);
      const kept = group.images.find((photo) => photo.id === keep);
      const others = group.images.filter((photo) => photo.id !== keep).map((photo) => photo.id);
      busy = true;
      submit.disabled = true;
      try {
        await api('/api/images/trash', { method: 'POST', body: { imageIds: others } });
        const message = `Kept ${kept?.originalFilename ?? 'one photo'}; moved ${plural(others.length, 'photo')} to the Trash.`;
        await load();
        announce(message);
        showNotice(message, 'status');
        main.querySelector('h1')?.focus();
      } catch (error) {
        submit.disabled = false;
        showNotice(describeError(error), 'alert');
      } finally {
        busy = false;
      }
    });
    return form;
  }

  load();
  return () => {
    alive = false;
  };
}

/** The photo's grid rendition; the label beside it names the photo, so the image itself is decorative. */
function tileImage(photo) {
  const image = previewImage(photo, { alt: '' });
  image.classList.add('similar-img');
  return image;
}

/** "4000 × 3000 · 3.1 MB · 4 Jul 2026": what tells copies apart. */
function describe(photo) {
  const parts = [];
  if (photo.width && photo.height) parts.push(`${photo.width} × ${photo.height}`);
  parts.push(formatBytes(photo.sizeBytes));
  const date = photoDate(photo);
  if (date) parts.push(date);
  return parts.join(' · ');
}

/** Says what was left out: older photos past the scan limit, groups past the group limit. */
function limitsNote(found) {
  const notes = [];
  if (found.morePhotos)
    notes.push(`Only your newest ${found.scanLimit.toLocaleString()} photos were compared.`);
  if (found.moreGroups)
    notes.push(`The first ${found.groupLimit} groups are shown; more appear once you review these.`);
  return notes.length > 0 ? h('p', { class: 'hint', text: notes.join(' ') }) : null;
}
