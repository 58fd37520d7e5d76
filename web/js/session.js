/** The signed-in session lives in sessionStorage: it ends with the tab, and other sites cannot read it. */
const KEY = 'momentarium.session';
/** A token this close to expiry is treated as expired, so a request does not fail half-way. */
const EXPIRY_MARGIN_MS = 30_000;

export function loadSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (!session || typeof session.token !== 'string') return null;
    if (typeof session.expiresAt === 'number' && session.expiresAt < Date.now() + EXPIRY_MARGIN_MS) {
      clearSession();
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}
