/**
 * The owner's Page dialog (issue 17), loaded on first use from the album screen: the album's generated
 * page — who designed it and whether a design is on its way — its headline and introduction, which
 * the owner may rewrite (designing again keeps them), and "Design again", followed until it is done.
 * The page itself is previewed in `.page-preview` (the sharing part fills it with the rendered page).
 */
import { api, describeError } from './api.js';
import { h, setChildren } from './dom.js';
import { LIMITS } from './limits.js';
import { pagePreview } from './page-preview.js';

/** How often a design on its way is looked at, and for how long at most. */
const POLL_MS = 1500;
const POLL_LIMIT_MS = 3 * 60 * 1000;

export async function openPageDialog(album, { announce }) {
  const opener = document.activeElement;
  const status = h('p', { class: 'form-message page-status', id: 'page-status', role: 'status' });
  const headline = h('input', {
    id: 'page-headline',
    name: 'headline',
    required: true,
    maxlength: LIMITS.maxPageHeadlineLength,
    autocomplete: 'off',
  });
  const introduction = h('textarea', {
    id: 'page-introduction',
    name: 'introduction',
    rows: 4,
    maxlength: LIMITS.maxPageIntroductionLength,
  });
  const message = h('p', { class: 'form-message', id: 'page-message', role: 'status' });
  const save = h('button', { type: 'submit', class: 'button button-primary', text: 'Save text' });
  const designAgain = h('button', { type: 'button', class: 'button', text: 'Design again' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('label', { for: 'page-headline', text: 'Headline' }),
    headline,
    h('label', { for: 'page-introduction', text: 'Introduction' }),
    introduction,
    h('div', { class: 'actions' }, save, designAgain),
    message,
  );
  const preview = h('div', { class: 'page-preview', 'data-album-id': album.id });
  pagePreview(preview, { albumId: album.id, albumTitle: album.title });
  const close = h('button', { type: 'button', class: 'button', text: 'Close' });
  const dialog = h(
    'dialog',
    { class: 'confirm page-dialog', 'aria-labelledby': 'page-title', 'aria-describedby': 'page-status' },
    h('h2', { id: 'page-title', text: `Page of “${album.title}”` }),
    status,
    form,
    preview,
    h('div', { class: 'actions' }, close),
  );

  let closed = false;
  let shown = null;

  /** Shows the page's state; the text fields follow the page unless the owner is changing them. */
  function show(page) {
    const fresh = shown === null;
    const untouched = (field, was) => fresh || field.value === was;
    if (untouched(headline, shown?.spec.headline)) headline.value = page.spec.headline;
    if (untouched(introduction, shown?.spec.introduction)) introduction.value = page.spec.introduction;
    shown = page;
    status.textContent = describeState(page);
    const busy = page.job.status === 'queued' || page.job.status === 'designing';
    designAgain.disabled = busy;
    designAgain.textContent = busy ? 'Designing…' : 'Design again';
    preview.dispatchEvent(new CustomEvent('page-changed', { detail: page }));
  }

  async function follow() {
    const deadline = Date.now() + POLL_LIMIT_MS;
    while (!closed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (closed) return;
      try {
        const page = await api(`/api/albums/${album.id}/page`);
        show(page);
        if (page.job.status !== 'queued' && page.job.status !== 'designing') {
          announce(status.textContent);
          return;
        }
      } catch (error) {
        message.textContent = describeError(error);
        return;
      }
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const changes = {};
    if (headline.value.trim() !== shown?.spec.headline) changes.headline = headline.value;
    if (introduction.value.trim() !== shown?.spec.introduction) changes.introduction = introduction.value;
    if (headline.value.trim().length === 0) {
      message.textContent = 'The headline cannot be empty.';
      headline.setAttribute('aria-invalid', 'true');
      headline.setAttribute('aria-describedby', 'page-message');
      headline.focus();
      return;
    }
    headline.removeAttribute('aria-invalid');
    if (Object.keys(changes).length === 0) {
      message.textContent = 'Nothing changed.';
      return;
    }
    try {
      shown = null;
      show(await api(`/api/albums/${album.id}/page`, { method: 'PATCH', body: changes }));
      message.textContent = 'Saved. Designing the page again keeps your words.';
      announce(message.textContent);
    } catch (error) {
      message.textContent = describeError(error);
    }
  });

  designAgain.addEventListener('click', async () => {
    try {
      show(await api(`/api/albums/${album.id}/page/generate`, { method: 'POST' }));
      message.textContent = '';
      announce(status.textContent);
      await follow();
    } catch (error) {
      message.textContent = describeError(error);
    }
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    closed = true;
    dialog.remove();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });

  document.body.append(dialog);
  dialog.showModal();
  status.textContent = 'Loading the page…';
  try {
    show(await api(`/api/albums/${album.id}/page`));
    headline.focus();
    if (designAgain.disabled) await follow();
  } catch (error) {
    setChildren(status, `The page could not be loaded. ${describeError(error)}`);
  }
}

/** One sentence on who designed the page and what is happening to it. */
function describeState(page) {
  const { job } = page;
  if (job.status === 'queued') return 'A new design is queued…';
  if (job.status === 'designing') return 'The page is being designed…';
  const made = !page.stored
    ? 'Designed from the photos’ dates and places (not saved yet).'
    : page.source === 'model'
      ? 'Designed by the model.'
      : 'Designed from the photos’ dates and places.';
  if (job.status === 'failed') return `${made} The last design failed: ${job.error ?? 'unknown error'}.`;
  if (job.error) return `${made} The model could not design it this time, so it was designed offline.`;
  return made;
}
