/**
 * The user directory the routes that invite members read (`directory` access): the local one, where a
 * username names its user. In AWS the Cognito directory (by email) takes its place once its adapter
 * lands (aws part of issue #17); until then AWS mode has no way to find an email's user.
 */
import { localSubject, localUserDirectory } from '../adapters/local/local-user-directory.ts';
import type { Env } from '../config.ts';
import type { UserDirectory } from '../core/album-members.ts';

export function userDirectory(_env: Env): UserDirectory {
  return localUserDirectory;
}

/** Local sign-in makes its subjects the way the local directory finds them. */
export { localSubject };
