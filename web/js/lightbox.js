/**
 * Full-size viewing: the original in a modal <dialog>, with ← → to browse, Esc (or Back) to close,
 * and a horizontal swipe on touch screens. Originals the browser cannot draw (HEIC) fall back to the
 * preview. Beside it (below on a phone) the info panel: what is known about the photo and what the
 * screen offers to do with it (the grid itself shows only pictures).
 */
import { h } from './dom.js';
import { infoPanel } from './photo-info.js';
import { photoLabel } from './photos.js';
import { keepViewerInHistory } from './viewer-history.js';

const SWIPE_PX = 50;

/**
 * `viewer`: `actions(photo)` → [{ label, run, danger }] for the info panel (the viewer closes before
 * one runs); `facts(photo)` → extra [term, value] rows.
 */
export function openLightbox(photos, startIndex, viewer = {}) {
  const { onClose } = viewer;
  let index = startIndex;
  let inHistory;
  // Not draggable: a mouse drag would start the browser's own drag-and-drop instead of a swipe.
  const image = h('img', { class: 'lightbox-image', alt: '', draggable: 'false' });
  const caption = h('p', { class: 'lightbox-caption', id: 'lightbox-caption', 'aria-live': 'polite' });
  const previous = h('button', {
    type: 'button',
    class: 'lightbox-nav lightbox-previous',
    'aria-label': 'Previous photo',
    text: '‹',
  });
  const next = h('button', {
    type: 'button',
    class: 'lightbox-nav lightbox-next',
    'aria-label': 'Next photo',
    text: '›',
  });
  const close = h('button', { type: 'button', class: 'lightbox-close', 'aria-label': 'Close', text: '×' });
  const stage = h('div', { class: 'lightbox-stage' }, image);
  const info = h('aside', { class: 'lightbox-info', 'aria-label': 'Info' });
  const dialog = h(
    'dialog',
    { class: 'lightbox', 'aria-label': 'Photo viewer', 'aria-describedby': 'lightbox-caption' },
    close,
    stage,
    previous,
    next,
    caption,
    info,
  );

  function show(newIndex) {
    index = (newIndex + photos.length) % photos.length;
    const photo = photos[index];
    image.removeAttribute('src');
    image.alt = photoLabel(photo);
    if (photo.width && photo.height) {
      image.width = photo.width;
      image.height = photo.height;
    }
    image.dataset.fallback = photo.previewUrl;
    image.src = photo.url;
    caption.textContent = `${photoLabel(photo)} (${index + 1} of ${photos.length})`;
    infoPanel(info, photo, viewer, (run) => {
      dialog.close();
      // After the viewer's history entry is gone, so an action that navigates is not undone by it.
      inHistory.afterClose(run);
    });
    inHistory?.show(photo.id);
    const single = photos.length < 2;
    previous.hidden = single;
    next.hidden = single;
  }

  image.addEventListener('error', () => {
    const fallback = image.dataset.fallback;
    if (fallback && image.src !== fallback) image.src = fallback;
  });
  previous.addEventListener('click', () => show(index - 1));
  next.addEventListener('click', () => show(index + 1));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') {
      event.preventDefault();
      show(index - 1);
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      show(index + 1);
    }
  });
  // A click on the dark backdrop (the dialog itself, not its content) closes, as users expect.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });

  let swipeStart = null;
  stage.addEventListener('pointerdown', (event) => {
    swipeStart = { x: event.clientX, y: event.clientY };
  });
  stage.addEventListener('pointercancel', () => {
    swipeStart = null;
  });
  stage.addEventListener('pointerup', (event) => {
    if (!swipeStart) return;
    const dx = event.clientX - swipeStart.x;
    const dy = event.clientY - swipeStart.y;
    swipeStart = null;
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(dy)) show(dx < 0 ? index + 1 : index - 1);
  });

  const opener = document.activeElement;
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.(index);
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  show(index);
  dialog.showModal();
  // Back closes the viewer; the address names the photo shown.
  inHistory = keepViewerInHistory(dialog, photos[index].id);
  close.focus();
  return dialog;
}
