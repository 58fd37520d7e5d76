/**
 * The owner's preview of an album's shared page, in a `.page-preview` container (the Share dialog's and
 * the Page dialog's): behind "Preview the page", the same HTML a share link opens, in an iframe with
 * `srcdoc` and a sandbox without scripts (allow-same-origin lets it load the stylesheet and the photos
 * as the shared page would). Closed, the frame goes; a `page-changed` event on the container redraws
 * an open one (the Page dialog sends it when the design changes).
 */
import { api, describeError } from './api.js';
import { h } from './dom.js';

export function pagePreview(container, { albumId, albumTitle }) {
  const frame = h('div', { class: 'page-preview-frame' });
  const toggle = h('details', { class: 'share-preview' }, h('summary', { text: 'Preview the page' }), frame);
  let drawing = 0;

  async function draw() {
    const mine = ++drawing;
    try {
      const page = await api(`/api/albums/${albumId}/page/preview`, { as: 'text' });
      if (mine !== drawing || !toggle.open) return;
      frame.replaceChildren(
        h('iframe', {
          title: `Preview of the shared page of “${albumTitle}”`,
          sandbox: 'allow-same-origin',
          srcdoc: page,
        }),
      );
    } catch (failure) {
      if (mine !== drawing) return;
      frame.replaceChildren(
        h('p', { class: 'field-error', text: `The preview could not be loaded. ${describeError(failure)}` }),
      );
    }
  }

  toggle.addEventListener('toggle', () => {
    if (toggle.open) return draw();
    drawing++;
    frame.replaceChildren();
  });
  container.addEventListener('page-changed', () => {
    if (toggle.open) draw();
  });
  container.append(toggle);
}
