/**
 * The app shell: decides how to sign in, routes on the URL hash (#/albums, #/albums/<id>, #/upload,
 * #/library, #/library/similar, #/search?q=…, #/trash, #/settings, #/shared, #/shared/<id>, #/people) and
 * loads each screen's module on first use, so the first page stays small.
 */
import { SIGNED_OUT_EVENT } from './api.js';
import { isCognitoCallback, loadAuthConfig } from './auth.js';
import { announce, errorPanel, focusHeading, h, REFRESH_EVENT, setChildren, statusMessage } from './dom.js';
import { listenForShortcuts } from './key-shortcuts.js';
import { headerSearch, readSearch } from './search-link.js';
import { clearSession, loadSession } from './session.js';
import { renderSignIn } from './sign-in-view.js';
import { openLinkedPhoto, screenHash } from './viewer-history.js';

const screens = {
  upload: () => import('./upload-view.js'),
  albums: () => import('./gallery-view.js'),
  album: () => import('./album-view.js'),
  library: () => import('./library-view.js'),
  trash: () => import('./trash-view.js'),
  similar: () => import('./similar-view.js'),
  search: () => import('./search-view.js'),
  settings: () => import('./settings-view.js'),
  shared: () => import('./shared-view.js'),
  sharedAlbum: () => import('./shared-album-view.js'),
  map: () => import('./map-view.js'),
  people: () => import('./people-view.js'),
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');
const searchBox = document.getElementById('search');
const showSearch = headerSearch(
  document.getElementById('search-form'),
  () => parseRoute(location.hash)?.params.search ?? null,
);
let config;
let cleanup;
let refreshScreen;
let stopLinkedPhoto;
let renderCount = 0;
let signInMessage;
let uploadsChecked;

async function boot() {
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    // The hash is the router's: move focus without touching it.
    event.preventDefault();
    main.focus();
  });
  document.getElementById('sign-out')?.addEventListener('click', signOut);
  listenForShortcuts({ signedIn: () => loadSession() !== null });
  try {
    config = await loadAuthConfig();
  } catch (error) {
    setChildren(
      main,
      errorPanel(error.message, () => location.reload()),
    );
    return;
  }
  if (config.mode === 'cognito' && isCognitoCallback(location)) await finishCognitoSignIn();
  window.addEventListener('hashchange', (event) => {
    // Only the viewer's photo changed (opened, closed, Back, Forward): the screen stays as it is.
    if (screenHash(new URL(event.oldURL).hash) === screenHash()) followLinkedPhoto();
    else route();
  });
  // Something changed under the screen (an undo): it redraws in place if it can, else from scratch.
  window.addEventListener(REFRESH_EVENT, () => (refreshScreen ? refreshScreen() : route()));
  window.addEventListener(SIGNED_OUT_EVENT, () => {
    signInMessage = 'Your session has ended. Please sign in again.';
    route();
  });
  route();
}

async function finishCognitoSignIn() {
  let returnTo = '#/albums';
  try {
    const { completeSignIn } = await import('./auth-cognito.js');
    returnTo = await completeSignIn(config, location.href);
  } catch (error) {
    signInMessage = error.message;
  }
  // Drop ?code=…&state=… so a reload does not replay a used code.
  history.replaceState(null, '', `${location.pathname}${returnTo}`);
}

function signOut() {
  // What a reload would need to finish an upload names the user's files: it does not outlive the
  // session. The upload session (if this page loaded it) stops and forgets it; the key goes either way.
  window.dispatchEvent(new Event('momentarium:signing-out'));
  const username = loadSession()?.username;
  if (username) localStorage.removeItem(uploadsKey(username));
  if (config?.mode === 'cognito') {
    import('./auth-cognito.js').then(({ signOut: cognitoSignOut }) => cognitoSignOut(config));
    return;
  }
  clearSession();
  signInMessage = 'You have signed out.';
  route();
}

function followLinkedPhoto() {
  stopLinkedPhoto?.();
  stopLinkedPhoto = openLinkedPhoto(main);
}

function parseRoute(hash) {
  const screen = screenHash(hash).replace(/^#\/?/, '');
  const at = screen.indexOf('?');
  // Only the search reads its query (the photo the viewer shows is viewer-history.js's).
  const path = at < 0 ? screen : screen.slice(0, at);
  const query = at < 0 ? '' : screen.slice(at + 1);
  if (path === 'search') return { screen: 'search', params: { search: readSearch(query) } };
  if (path === '' || path === 'albums') return { screen: 'albums', params: {} };
  if (path === 'upload') return { screen: 'upload', params: {} };
  if (path === 'library') return { screen: 'library', params: {} };
  if (path === 'trash') return { screen: 'trash', params: {} };
  if (path === 'library/similar') return { screen: 'similar', params: {} };
  if (path === 'settings') return { screen: 'settings', params: {} };
  if (path === 'shared') return { screen: 'shared', params: {} };
  if (path === 'map') return { screen: 'map', params: {} };
  if (path === 'people') return { screen: 'people', params: {} };
  const shared = /^shared\/([0-9a-f-]{36})$/i.exec(path);
  if (shared) return { screen: 'sharedAlbum', params: { albumId: shared[1].toLowerCase() } };
  const album = /^albums\/([0-9a-f-]{36})$/i.exec(path);
  if (album) return { screen: 'album', params: { albumId: album[1].toLowerCase() } };
  return null;
}

async function route() {
  const session = loadSession();
  updateHeader(session);
  cleanup?.();
  cleanup = undefined;
  refreshScreen = undefined;
  stopLinkedPhoto?.();
  const current = ++renderCount;
  if (!session) {
    renderSignIn(main, {
      config,
      message: signInMessage,
      onSignedIn: () => {
        signInMessage = undefined;
        if (location.hash === '' || location.hash === '#/') location.hash = '#/albums';
        else route();
      },
    });
    if (current > 1) focusHeading(main);
    return;
  }
  signInMessage = undefined;
  reopenInterruptedUpload(session);
  const target = parseRoute(location.hash);
  markCurrentLink(target?.screen);
  showSearch(target?.params.search ?? null);
  if (!target) {
    setChildren(
      main,
      h('h1', { text: 'Page not found' }),
      h('p', {}, 'There is nothing here. ', h('a', { href: '#/albums', text: 'Go to your albums' }), '.'),
    );
    focusHeading(main);
    return;
  }
  main.setAttribute('aria-busy', 'true');
  setChildren(main, statusMessage('Loading…'));
  try {
    const screen = await screens[target.screen]();
    if (current !== renderCount) return;
    cleanup = screen.render(main, {
      params: target.params,
      announce,
      onRendered: () => focusAfter(current),
      onRefresh: (redraw) => {
        if (current === renderCount) refreshScreen = redraw;
      },
    });
    followLinkedPhoto();
  } catch (error) {
    if (current !== renderCount) return;
    setChildren(main, errorPanel(`This screen could not be loaded: ${error.message}`, route));
  } finally {
    if (current === renderCount) main.removeAttribute('aria-busy');
  }
}

/** web/js/upload-manifest.js's manifestKey, repeated so the first page need not load that module. */
const uploadsKey = (username) => `momentarium.uploads:${username}`;

/**
 * A batch a reload interrupted is named on whatever screen the user lands: the upload session (and its
 * tray) loads only when such a manifest exists, so the first page stays small.
 */
function reopenInterruptedUpload(session) {
  if (uploadsChecked === session.username) return;
  uploadsChecked = session.username;
  if (localStorage.getItem(uploadsKey(session.username)) === null) return;
  import('./uploads.js').then(({ uploadQueue }) => uploadQueue());
}

/** After a navigation (not the first paint) keyboard focus follows the new page's heading. */
function focusAfter(current) {
  if (current === renderCount && current > 1) focusHeading(main);
}

function updateHeader(session) {
  nav.hidden = !session;
  searchBox.hidden = !session;
  account.hidden = !session;
  const who = document.getElementById('who');
  if (who) who.textContent = session ? `Signed in as ${session.username}` : '';
}

function markCurrentLink(screen) {
  const sections = { album: 'albums', similar: 'library', sharedAlbum: 'shared' };
  const section = sections[screen] ?? screen;
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.screen === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

boot();
