/**
 * The user directory of `npm start`: local sign-in takes any username and makes its user on first
 * sight, with no passwords and no list of accounts, so every well-formed username names someone — one
 * who may not have signed in yet, whose invitation then waits for them. The same rule (and subject) as
 * local sign-in, in one place.
 */
import type { DirectoryEntry, UserDirectory } from '../../core/album-members.ts';

/** What a local username may hold (local sign-in refuses anything else). */
export const LOCAL_USERNAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

/** The identity-provider subject local sign-in gives a username. */
export function localSubject(username: string): string {
  return `local:${username.toLowerCase()}`;
}

function find(handle: string): DirectoryEntry | null {
  const username = handle.trim();
  if (!LOCAL_USERNAME.test(username)) return null;
  // Nobody is emailed locally, so no one is ever pending an invitation email.
  return { subject: localSubject(username), displayName: username.toLowerCase(), pending: false };
}

export const localUserDirectory: UserDirectory = {
  accepts: (handle) => LOCAL_USERNAME.test(handle.trim()),
  lookup: async (handle) => find(handle),
  invite: async (handle) => find(handle),
};
