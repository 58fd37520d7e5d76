/**
 * Every id (user, photo, album, job) is a UUID as PostgreSQL's uuid type accepts it (any version),
 * stored and compared lower-case. Whatever brings an id in from outside — a path, a body, a queue
 * message — parses it with this one definition, once, at the edge.
 */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id in its one stored form (lower-case), or null when `value` is not a UUID. */
export function parseId(value: unknown): string | null {
  return typeof value === 'string' && ID_PATTERN.test(value) ? value.toLowerCase() : null;
}
