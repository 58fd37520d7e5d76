/**
 * Full-size viewing: the original in a modal <dialog>, with ← → to browse, Esc to close, and a
 * horizontal swipe on touch screens. Originals the browser cannot draw (HEIC) fall back to the preview.
 */
import { h } from './dom.js';
import { photoDate, photoDateNote } from './photos.js';

const SWIPE_PX = 50;

export function openLightbox(photos, startIndex, { onClose } = {}) {
  let index = startIndex;
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
  const dialog = h(
    'dialog',
    { class: 'lightbox', 'aria-label': 'Photo viewer', 'aria-describedby': 'lightbox-caption' },
    close,
    stage,
    previous,
    next,
    caption,
  );

  function show(newIndex) {
    index = (newIndex + photos.length) % photos.length;
    const photo = photos[index];
    image.removeAttribute('src');
    image.alt = photo.originalFilename;
    if (photo.width && photo.height) {
      image.width = photo.width;
      image.height = photo.height;
    }
    image.dataset.fallback = photo.previewUrl;
    image.src = photo.url;
    const date = photoDate(photo);
    const note = photoDateNote(photo);
    const when = date ? ` · ${date}${note ? ` (date ${note})` : ''}` : '';
    caption.textContent = `${photo.originalFilename}${when} (${index + 1} of ${photos.length})`;
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
  close.focus();
  return dialog;
}
