/** Calls the Momentarium API with the session's bearer token and turns error bodies into ApiError. */
import { clearSession, loadSession } from './session.js';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const SIGNED_OUT_EVENT = 'momentarium:signed-out';

/** `as: 'text'`: the body as text (the album page preview is HTML), not JSON. */
export async function api(path, { method = 'GET', body, headers = {}, signal, as = 'json' } = {}) {
  const session = loadSession();
  const init = { method, headers: { accept: 'application/json', ...headers }, signal };
  if (session) init.headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'network_error',
      'Could not reach Momentarium. Check your connection and try again.',
    );
  }
  if (response.status === 204) return null;
  if (response.ok && as === 'text') return response.text();
  const payload = await response.json().catch(() => null);
  if (response.ok) return payload;
  if (response.status === 401 && session) {
    clearSession();
    window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT, { detail: { reason: 'expired' } }));
  }
  const error = payload?.error;
  throw new ApiError(
    response.status,
    typeof error?.code === 'string' ? error.code : 'http_error',
    typeof error?.message === 'string' ? error.message : `The server answered ${response.status}.`,
    error?.details,
  );
}

/** The message to show for anything a request threw. */
export function describeError(error) {
  if (error instanceof ApiError) {
    if (error.status === 404) return 'Not found: it may have been deleted, or it is not yours.';
    if (error.status >= 500 && error.code === 'internal_error')
      return 'Something went wrong on our side. Try again.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
