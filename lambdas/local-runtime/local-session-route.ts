import * as z from 'zod/mini';
import { localSubject } from '../composition/directory.ts';
import type { Logger, UserRepository } from '../core/ports.ts';
import { httpRoute, json, parseJsonBody } from '../handlers/middleware/http.ts';
import type { LocalTokens } from './local-jwt.ts';

const body = z.object({
  username: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(64),
      z.regex(/^[\p{L}\p{N}._@-]+$/u, 'may contain letters, digits and . _ @ - only'),
    ),
});

/** POST /api/local/sessions — local runtime only: a username in, a signed token out. */
export function createLocalSessionRoute(deps: {
  users: UserRepository;
  tokens: LocalTokens;
  logger: Logger;
}) {
  return httpRoute(deps.logger, async (event) => {
    const { username } = parseJsonBody(event, body);
    const subject = localSubject(username);
    const user = await deps.users.ensure(subject, username);
    const token = await deps.tokens.issue(subject, username);
    return json(201, { token, userId: user.id, username, tokenType: 'Bearer', expiresIn: 12 * 3600 });
  });
}
