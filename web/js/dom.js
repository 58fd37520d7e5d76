/**
 * Tiny DOM helpers. Text always goes in through textContent or text nodes: nothing here parses HTML,
 * so titles, descriptions and file names (which come from a model or from users) cannot inject markup.
 */

/** Creates an element: `props` become attributes (`text` sets textContent, `on*` functions listen). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else if (name === 'class') element.className = value;
    else if (name.startsWith('on') && typeof value === 'function')
      element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** replaceChildren that skips null, undefined and false, so optional parts can be written inline. */
export function setChildren(parent, ...children) {
  parent.replaceChildren(
    ...children.flat().filter((child) => child !== null && child !== undefined && child !== false),
  );
}

/** Says something to screen-reader users without moving focus. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  // Clearing first makes the same message be read again when it repeats.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** Moves focus to the page's main heading, so keyboard and screen-reader users land on the new view. */
export function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: false });
}

const sizeUnits = ['bytes', 'KB', 'MB', 'GB'];

export function formatBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${sizeUnits[unit]}`;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** A status line for loading and empty states; `role=status` makes screen readers read it. */
export function statusMessage(text, className = 'status') {
  return h('p', { class: className, role: 'status', text });
}

/** An error box with an optional retry button. */
export function errorPanel(message, onRetry) {
  return h(
    'div',
    { class: 'panel panel-error', role: 'alert' },
    h('p', { text: message }),
    onRetry ? h('button', { type: 'button', class: 'button', onclick: onRetry, text: 'Try again' }) : null,
  );
}

/**
 * Fills `container` with what `load()` resolves to, showing `loading()` meanwhile (aria-busy) and,
 * when it fails, `failure(error)` in an error panel whose Retry loads again. Returns the screen's
 * cleanup: an answer that arrives after it is dropped.
 */
export function loadInto(container, { loading, load, failure }) {
  let alive = true;
  async function run() {
    container.setAttribute('aria-busy', 'true');
    setChildren(container, ...loading());
    try {
      const shown = await load();
      if (alive) setChildren(container, shown);
    } catch (error) {
      if (alive) setChildren(container, errorPanel(failure(error), run));
    } finally {
      container.removeAttribute('aria-busy');
    }
  }
  run();
  return () => {
    alive = false;
  };
}
