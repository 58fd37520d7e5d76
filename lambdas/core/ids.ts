/**
 * Every id (user, photo, album, job) is a UUID as PostgreSQL's uuid type accepts it (any version),
 * stored and compared lower-case. Whatever brings an id in from outside — a path, a body, a queue
 * message — parses it with this one definition, once, at the edge.
 */
// Spelled out in both cases, without a regex flag: the OpenAPI document carries the pattern as JSON
// Schema, which has no flags.
export const ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The id in its one stored form (lower-case), or null when `value` is not a UUID. */
export function parseId(value: unknown): string | null {
  return typeof value === 'string' && ID_PATTERN.test(value) ? value.toLowerCase() : null;
}
