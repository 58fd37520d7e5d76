// @ts-check
/**
 * The API's limits, read from its own description (GET /api/openapi.json, public) rather than copied:
 * when a limit rises on the server, the CLI follows. The values below are only for an API that does not
 * describe itself (they are the documented ones as of this writing).
 */

import { ApiError } from './errors.js';

/** @typedef {{ filesPerRequest: number, maxFileBytes: number, imagesPerJob: number }} Limits */

/** @type {Limits} */
export const FALLBACK_LIMITS = Object.freeze({
  filesPerRequest: 100,
  maxFileBytes: 50 * 1024 * 1024,
  imagesPerJob: 500,
});

/**
 * @param {any} document the OpenAPI document
 * @returns {Limits}
 */
export function limitsFromDocument(document) {
  /** @param {any} node */
  const resolve = (node) => {
    const ref = node?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
    return ref
      .slice(2)
      .split('/')
      .reduce((at, part) => at?.[part], document);
  };
  /** @param {any} node @param {string[]} path */
  const at = (node, path) => path.reduce((here, part) => resolve(resolve(here)?.[part]), node);
  /** @param {string} route */
  const bodyOf = (route) =>
    at(document, ['paths', route, 'post', 'requestBody', 'content', 'application/json', 'schema']);

  const files = at(bodyOf('/api/uploads/generate-urls'), ['properties', 'files']);
  const size = at(files, ['items', 'properties', 'size']);
  const keys = at(bodyOf('/api/galleries/process'), ['properties', 'imageKeys']);
  /** @param {unknown} value @param {number} fallback */
  const positive = (value, fallback) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : fallback;
  return {
    filesPerRequest: positive(files?.maxItems, FALLBACK_LIMITS.filesPerRequest),
    maxFileBytes: positive(size?.maximum, FALLBACK_LIMITS.maxFileBytes),
    imagesPerJob: positive(keys?.maxItems, FALLBACK_LIMITS.imagesPerJob),
  };
}

/**
 * An API that cannot be reached fails here; one that does not publish its description gets the fallbacks.
 * @param {import('./api-client.js').ApiClient} client
 */
export async function readLimits(client) {
  try {
    const { body } = await client.request('/api/openapi.json', { authorized: false });
    return limitsFromDocument(body);
  } catch (error) {
    if (error instanceof ApiError) return FALLBACK_LIMITS;
    throw error;
  }
}
