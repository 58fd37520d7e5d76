/**
 * The People screen (#/people): the people found in the user's photos, each a tile with their face
 * cut from a photo, a link to their photos (#/search?person=<id>), a name form, "Merge into…" and
 * "Hide". Hidden people show again with "Show hidden people". With people recognition off it says so
 * and links to Settings.
 */
import { api, describeError } from './api.js';
import { h, loadInto, plural, setChildren, statusMessage } from './dom.js';

/** How much room around the face the tile shows: the box grown by this factor, around its middle. */
const FACE_ROOM = 1.8;

export function render(main, { announce, onRendered }) {
  const body = h('div', { class: 'people-body' });
  setChildren(
    main,
    h('h1', { text: 'People' }),
    h('p', {
      class: 'lead',
      text: 'The people found in your photos. Name them, merge two that are the same person, and hide those you do not want to see here. Open one to see their photos.',
    }),
    body,
  );
  onRendered();
  let showHidden = false;
  let people = [];
  const stop = loadInto(body, {
    loading: () => [statusMessage('Loading the people in your photos…')],
    load: async () => {
      const answer = await api('/api/people');
      people = answer.people;
      return answer.enabled ? screen() : recognitionOff();
    },
    failure: (error) => `The people in your photos could not be loaded. ${describeError(error)}`,
  });
  return stop;

  function screen() {
    const list = h('ul', { class: 'people-grid', 'aria-label': 'People' });
    const toggle = h('input', { type: 'checkbox', id: 'show-hidden-people' });
    const toggleLabel = h('label', { for: 'show-hidden-people' });
    const toggleRow = h('p', { class: 'setting' }, toggle, ' ', toggleLabel);
    toggle.addEventListener('change', () => {
      showHidden = toggle.checked;
      draw();
    });
    const wrap = h('div', {}, toggleRow, list);
    draw();
    return wrap;

    /**
     * Redraws the tiles. Keyboard focus then goes to `focusOn`: 'toggle', or a person's id with the
     * selector of the control in their tile (their link by default).
     */
    function draw(focusOn, control = '.person-link') {
      const hiddenCount = people.filter((person) => person.hidden).length;
      toggleRow.hidden = hiddenCount === 0;
      toggleLabel.textContent = `Show hidden people (${hiddenCount})`;
      if (hiddenCount === 0) showHidden = false;
      toggle.checked = showHidden;
      const shown = people.filter((person) => showHidden || !person.hidden);
      if (people.length === 0) {
        wrap.replaceChildren(emptyState());
        return;
      }
      if (!wrap.contains(list)) wrap.replaceChildren(toggleRow, list);
      setChildren(
        list,
        shown.length === 0
          ? h('li', { class: 'people-none', text: 'Everyone here is hidden.' })
          : shown.map((person) => tile(person)),
      );
      if (focusOn === 'toggle') toggle.focus();
      else if (focusOn) list.querySelector(`[data-person-id="${focusOn}"] ${control}`)?.focus();
    }

    function tile(person) {
      const title = displayName(person, people.indexOf(person));
      const inputId = `person-name-${person.id}`;
      const errorId = `person-name-error-${person.id}`;
      const input = h('input', {
        id: inputId,
        name: 'name',
        value: person.name ?? '',
        autocomplete: 'off',
        placeholder: 'Add a name',
      });
      const error = h('p', { class: 'field-error', id: errorId });
      const form = h(
        'form',
        { class: 'person-name-form', novalidate: true },
        h('label', { for: inputId, text: 'Name' }),
        h(
          'span',
          { class: 'person-name-row' },
          input,
          h('button', { type: 'submit', class: 'button button-small', text: 'Save' }),
        ),
        error,
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const wanted = input.value.trim() === '' ? null : input.value;
        try {
          const saved = await api(`/api/people/${person.id}`, { method: 'PATCH', body: { name: wanted } });
          replace(saved);
          draw(person.id, 'input[name="name"]');
          announce(saved.name ? `Named ${saved.name}.` : 'Name cleared.');
        } catch (caught) {
          error.textContent = `Not saved. ${describeError(caught)}`;
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-describedby', errorId);
          input.focus();
        }
      });

      const hide = h('button', {
        type: 'button',
        class: 'button button-small',
        text: person.hidden ? 'Show' : 'Hide',
        'aria-label': `${person.hidden ? 'Show' : 'Hide'} ${title}`,
      });
      hide.addEventListener('click', async () => {
        try {
          const saved = await api(`/api/people/${person.id}`, {
            method: 'PATCH',
            body: { hidden: !person.hidden },
          });
          replace(saved);
          const stillShown = showHidden || !saved.hidden;
          draw(stillShown ? person.id : 'toggle', '.person-hide');
          announce(
            saved.hidden
              ? `${title} is hidden. Show hidden people to see them again.`
              : `${title} is shown again.`,
          );
        } catch (caught) {
          announce(`Not changed. ${describeError(caught)}`);
        }
      });
      hide.classList.add('person-hide');

      const merge = h('button', {
        type: 'button',
        class: 'button button-small',
        text: 'Merge into…',
        'aria-label': `Merge ${title} into…`,
        disabled: people.length < 2,
      });
      merge.addEventListener('click', async () => {
        const into = await chooseMergeTarget(person, title);
        if (!into) return;
        try {
          const kept = await api(`/api/people/${person.id}/merge`, { method: 'POST', body: { into } });
          people = people.filter((other) => other.id !== person.id);
          replace(kept);
          draw(kept.id);
          announce(
            `Merged. ${kept.name ?? 'They'} now ${kept.name ? 'has' : 'have'} ${plural(kept.photoCount, 'photo')}.`,
          );
        } catch (caught) {
          announce(`Not merged. ${describeError(caught)}`);
        }
      });

      return h(
        'li',
        { class: person.hidden ? 'person person-hidden' : 'person', 'data-person-id': person.id },
        h(
          'a',
          { class: 'person-link', href: `#/search?person=${encodeURIComponent(person.id)}` },
          face(person),
          h('span', { class: 'person-title', text: title }),
          ' ',
          h('span', {
            class: 'person-count',
            text: `${plural(person.photoCount, 'photo')}${person.hidden ? ' · hidden' : ''}`,
          }),
        ),
        form,
        h('div', { class: 'actions' }, merge, hide),
      );
    }

    /** A modal list of the other people, one to pick: resolves to their id, or null when cancelled. */
    function chooseMergeTarget(person, title) {
      return new Promise((resolve) => {
        const opener = document.activeElement;
        const others = people.filter((other) => other.id !== person.id);
        const choices = others.map((other) =>
          h(
            'li',
            {},
            h(
              'label',
              { class: 'person-choice' },
              h('input', { type: 'radio', name: 'into', value: other.id, required: true }),
              face(other),
              h('span', {
                text: `${displayName(other, people.indexOf(other))} · ${plural(other.photoCount, 'photo')}${other.hidden ? ' · hidden' : ''}`,
              }),
            ),
          ),
        );
        const error = h('p', { class: 'field-error', id: 'merge-error', role: 'alert' });
        const cancel = h('button', { type: 'button', class: 'button', text: 'Cancel' });
        const form = h(
          'form',
          { class: 'stack', novalidate: true },
          h(
            'fieldset',
            {},
            h('legend', { text: `The same person as ${title}:` }),
            h('ul', { class: 'person-choices' }, choices),
          ),
          h('p', {
            class: 'hint',
            text: 'Their photos join the person you pick, who keeps their name (or takes this one’s when they have none).',
          }),
          error,
          h(
            'div',
            { class: 'actions' },
            cancel,
            h('button', { type: 'submit', class: 'button button-primary', text: 'Merge' }),
          ),
        );
        const dialog = h(
          'dialog',
          { class: 'merge-dialog', 'aria-labelledby': 'merge-title' },
          h('h2', { id: 'merge-title', text: `Merge ${title} into…` }),
          form,
        );
        let answer = null;
        cancel.addEventListener('click', () => dialog.close());
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          const picked = form.querySelector('input[name="into"]:checked');
          if (!picked) {
            error.textContent = 'Pick the person to merge into.';
            form.querySelector('input[name="into"]')?.focus();
            return;
          }
          answer = picked.value;
          dialog.close();
        });
        dialog.addEventListener('close', () => {
          dialog.remove();
          if (!answer && opener instanceof HTMLElement && opener.isConnected) opener.focus();
          resolve(answer);
        });
        document.body.append(dialog);
        dialog.showModal();
        form.querySelector('input[name="into"]')?.focus();
      });
    }
  }

  function replace(saved) {
    people = people.map((person) => (person.id === saved.id ? saved : person));
  }

  function emptyState() {
    return h(
      'div',
      { class: 'empty-state panel' },
      h('h2', { text: 'No people yet' }),
      h('p', {
        text: 'People recognition is on. The faces in photos you upload from now on are found and grouped, and the people appear here once those photos are organized.',
      }),
      h('a', { class: 'button', href: '#/upload', text: 'Upload photos' }),
    );
  }

  function recognitionOff() {
    return h(
      'div',
      { class: 'empty-state panel' },
      h('h2', { text: 'People recognition is off' }),
      h('p', {
        text: 'Momentarium finds the faces in your photos and groups them into people only when you turn it on. It stays on this account, and turning it off deletes every face and person found.',
      }),
      h('a', { class: 'button', href: '#/settings', text: 'Turn it on in Settings' }),
    );
  }
}

/** "Ann", or "Unnamed person 3" (numbered in the list's order, so tiles can be told apart). */
function displayName(person, index) {
  return person.name ?? `Unnamed person ${index + 1}`;
}

/**
 * The person's face cut from the cover thumbnail: the thumbnail as a background, scaled and placed so
 * the face box (grown by FACE_ROOM, kept inside the picture) fills the square. Decorative: the link's
 * words name the person.
 */
function face(person) {
  const element = h('span', { class: 'person-face', 'aria-hidden': 'true' });
  const cover = person.cover;
  if (!cover) return element;
  const { x, y, width, height } = cover.box;
  const span = (size) => Math.min(1, Math.max(0.05, size * FACE_ROOM));
  const [w, hgt] = [span(width), span(height)];
  const left = Math.min(Math.max(x + width / 2 - w / 2, 0), 1 - w);
  const top = Math.min(Math.max(y + height / 2 - hgt / 2, 0), 1 - hgt);
  // background-position p% puts the image's p% point at the box's p% point: the crop's left edge
  // lands on the square's left edge when p = left / (1 - w).
  const percent = (offset, size) => (size >= 1 ? 50 : (offset / (1 - size)) * 100);
  element.style.backgroundImage = `url("${cover.thumbnailUrl.replaceAll('"', '%22')}")`;
  element.style.backgroundSize = `${100 / w}% ${100 / hgt}%`;
  element.style.backgroundPosition = `${percent(left, w)}% ${percent(top, hgt)}%`;
  return element;
}
