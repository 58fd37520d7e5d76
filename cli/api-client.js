// @ts-check
/**
 * The Momentarium HTTP API, as docs/openapi.json describes it, through the global fetch. Answers that
 * may pass (429, 5xx, a dropped connection) are retried with backoff; every request here is safe to
 * repeat (the organize request carries an Idempotency-Key). Errors come back as the API's own words.
 */
import { ApiError, AuthError, CliError } from './errors.js';

/** Statuses worth another try: throttled, or the service briefly unavailable. */
export const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const REQUEST_TIMEOUT_MS = 60_000;

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Exponential backoff with jitter: ~0.5 s, 1 s, 2 s, … capped at 8 s.
 * @param {number} attempt 1 for the first retry @param {number} [baseMs]
 */
export function backoffMs(attempt, baseMs = 500) {
  return Math.min(8_000, baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
}

/**
 * Why a fetch could not get an answer, in words.
 * @param {unknown} error
 */
export function networkReason(error) {
  const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (error)?.cause;
  const code = cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is it running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET') return 'the connection was reset';
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * @typedef {{ status: number, body: any, headers: Headers }} Answer
 * @typedef {{ method?: string, body?: unknown, headers?: Record<string, string>, authorized?: boolean }} RequestOptions
 */

/**
 * @param {{ api: string, token: string | null, attempts?: number, baseDelayMs?: number }} options
 */
export function createApiClient({ api, token, attempts = 4, baseDelayMs = 500 }) {
  const notSignedIn = () =>
    new AuthError(
      `Not signed in to ${api}. Run "momentarium login" (locally), or give a token with --token or ` +
        'MOMENTARIUM_TOKEN (AWS: see docs/cli.md).',
    );

  /** @param {number} status @param {any} body */
  const errorOf = (status, body) => {
    const error = body && typeof body === 'object' ? body.error : undefined;
    const message = typeof error?.message === 'string' ? error.message : undefined;
    if (status === 401) {
      return new AuthError(
        `The API at ${api} did not accept the token${message ? ` (${message})` : ''}. ` +
          'Sign in again with "momentarium login", or give a fresh token.',
      );
    }
    if (message) return new ApiError(status, String(error.code ?? 'error'), message, error.details);
    return new ApiError(
      status,
      'unexpected_answer',
      `${api} answered HTTP ${status} without a Momentarium error: is it the Momentarium API?`,
    );
  };

  return {
    api,
    hasToken: token !== null,

    /**
     * @param {string} path starting with /api/
     * @param {RequestOptions} [options]
     * @returns {Promise<Answer>}
     */
    async request(path, options = {}) {
      const authorized = options.authorized ?? true;
      if (authorized && !token) throw notSignedIn();
      const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
      /** @type {Record<string, string>} */
      const headers = { accept: 'application/json', ...options.headers };
      if (authorized && token) headers.authorization = `Bearer ${token}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);

      for (let attempt = 1; ; attempt++) {
        let response;
        try {
          response = await fetch(`${api}${path}`, {
            method,
            headers,
            body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
        } catch (error) {
          if (attempt >= attempts) {
            throw new CliError(`Cannot reach the Momentarium API at ${api}: ${networkReason(error)}.`, {
              code: 'unreachable',
            });
          }
          await sleep(backoffMs(attempt, baseDelayMs));
          continue;
        }
        const text = await response.text();
        let parsed = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {}
        if (response.ok) {
          if (parsed === null && response.status !== 204) throw errorOf(response.status, null);
          return { status: response.status, body: parsed, headers: response.headers };
        }
        if (TRANSIENT_STATUSES.has(response.status) && attempt < attempts) {
          const retryAfter = Number(response.headers.get('retry-after'));
          await sleep(retryAfter > 0 ? Math.min(retryAfter, 30) * 1000 : backoffMs(attempt, baseDelayMs));
          continue;
        }
        throw errorOf(response.status, parsed);
      }
    },
  };
}

/** @typedef {ReturnType<typeof createApiClient>} ApiClient */
