/**
 * Sharing an album by link: make a link (how long it lasts, whether originals may be downloaded), copy
 * it — it is shown once, the server keeps only its hash —, see the album's links and revoke them, and
 * preview the page a link opens. A native modal <dialog>: focus is trapped, Esc closes, focus returns.
 * Loaded on demand from the album view.
 */
import { api, describeError } from './api.js';
import { confirmAction } from './dialogs.js';
import { announce, h, setChildren } from './dom.js';
import { pagePreview } from './page-preview.js';

const EXPIRY_CHOICES = [
  [1, '1 day'],
  [7, '7 days'],
  [30, '30 days'],
  [90, '90 days'],
  [365, '1 year'],
];
const DEFAULT_DAYS = 30;

const DATE = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const STATE_LABELS = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/** Opens the dialog for one album; resolves when it is closed. */
export function openShareDialog({ albumId, albumTitle }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const base = `/api/albums/${albumId}`;

    const expiry = h(
      'select',
      { id: 'share-expiry', name: 'expiresInDays' },
      EXPIRY_CHOICES.map(([days, label]) =>
        h('option', { value: String(days), text: label, selected: days === DEFAULT_DAYS }),
      ),
    );
    const originals = h('input', { id: 'share-originals', type: 'checkbox', name: 'allowOriginals' });
    const createButton = h('button', { type: 'submit', class: 'button button-primary', text: 'Create link' });
    const error = h('p', { class: 'field-error', role: 'alert' });
    const created = h('div', { class: 'share-created', hidden: true });
    const list = h('ul', { class: 'share-links', 'aria-labelledby': 'share-links-title' });
    const listStatus = h('p', { class: 'hint', role: 'status' });
    const preview = h('div', { class: 'page-preview' });
    pagePreview(preview, { albumId, albumTitle });
    const close = h('button', { type: 'button', class: 'button', text: 'Close' });

    const form = h(
      'form',
      { class: 'stack', novalidate: true },
      h('label', { for: 'share-expiry', text: 'Link expires after' }),
      expiry,
      h(
        'div',
        { class: 'checkbox' },
        originals,
        h('label', { for: 'share-originals', text: 'Allow downloading originals (your own photos only)' }),
      ),
      h('p', {
        class: 'hint',
        text: 'Anyone with the link sees this album’s page without signing in. Nothing else of yours is visible.',
      }),
      error,
      h('div', { class: 'actions' }, createButton),
    );

    const dialog = h(
      'dialog',
      { class: 'share-dialog', 'aria-labelledby': 'share-title' },
      h('h2', { id: 'share-title', text: `Share “${albumTitle}”` }),
      form,
      created,
      h('h3', { id: 'share-links-title', text: 'Links' }),
      listStatus,
      list,
      preview,
      h('div', { class: 'actions' }, close),
    );

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      createButton.disabled = true;
      error.textContent = '';
      try {
        const link = await api(`${base}/links`, {
          method: 'POST',
          body: { expiresInDays: Number(expiry.value), allowOriginals: originals.checked },
        });
        showCreated(link);
        await loadLinks();
      } catch (failure) {
        error.textContent = describeError(failure);
      } finally {
        createButton.disabled = false;
      }
    });

    /** The new link, once: the server cannot show its token again. */
    function showCreated(link) {
      // The page lives on this site, whatever host the API answered on.
      const url = `${location.origin}/s/${link.token}`;
      const field = h('input', {
        id: 'share-url',
        type: 'text',
        readonly: true,
        value: url,
        class: 'share-url',
      });
      const copy = h('button', { type: 'button', class: 'button', text: 'Copy link' });
      const copied = h('p', { class: 'hint', role: 'status' });
      copy.addEventListener('click', async () => {
        field.select();
        try {
          await navigator.clipboard.writeText(url);
          copied.textContent = 'Link copied.';
        } catch {
          copied.textContent = 'Select the link and copy it (Ctrl+C or ⌘C).';
        }
      });
      created.hidden = false;
      setChildren(
        created,
        h('label', { for: 'share-url', text: 'New link' }),
        h('div', { class: 'share-url-row' }, field, copy),
        h('p', { class: 'hint', text: 'Copy it now: for your privacy it is not shown again.' }),
        copied,
      );
      announce('Link created. Copy it now: it is not shown again.');
      field.focus();
      field.select();
    }

    async function loadLinks() {
      try {
        const { links } = await api(`${base}/links`);
        listStatus.textContent = links.length === 0 ? 'No links yet.' : '';
        setChildren(list, links.map(linkRow));
      } catch (failure) {
        listStatus.textContent = `The links could not be loaded. ${describeError(failure)}`;
      }
    }

    function linkRow(link) {
      const facts = [
        `Created ${DATE.format(new Date(link.createdAt))}`,
        link.state === 'revoked'
          ? `revoked ${DATE.format(new Date(link.revokedAt))}`
          : `${link.state === 'expired' ? 'expired' : 'expires'} ${DATE.format(new Date(link.expiresAt))}`,
        link.allowOriginals ? 'originals allowed' : 'previews only',
      ].join(' · ');
      const revoke =
        link.state === 'active'
          ? h('button', {
              type: 'button',
              class: 'button button-danger',
              text: 'Revoke',
              'aria-label': `Revoke the link created ${DATE.format(new Date(link.createdAt))}`,
            })
          : null;
      revoke?.addEventListener('click', async () => {
        const sure = await confirmAction({
          title: 'Revoke this link?',
          message:
            'Anyone who has it will no longer see the album. This cannot be undone; you can make a new link.',
          confirmLabel: 'Revoke link',
          danger: true,
        });
        if (!sure) return;
        try {
          await api(`${base}/links/${link.id}`, { method: 'DELETE' });
          announce('Link revoked.');
          await loadLinks();
          close.focus();
        } catch (failure) {
          listStatus.textContent = describeError(failure);
        }
      });
      return h(
        'li',
        { class: `share-link share-link-${link.state}` },
        h('span', { class: 'badge', text: STATE_LABELS[link.state] ?? link.state }),
        h('span', { text: facts }),
        revoke,
      );
    }

    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve();
    });
    document.body.append(dialog);
    dialog.showModal();
    expiry.focus();
    loadLinks();
  });
}
