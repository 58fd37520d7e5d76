/**
 * The user directory in AWS: an email address names a Cognito user. An address the pool already holds
 * (verified: an unverified address proves nothing about who owns it) is found with ListUsers; a new one
 * is invited with AdminCreateUser, and Cognito emails the person a temporary password and the invitation
 * message the pool defines (lib/constructs/auth.ts). A user still FORCE_CHANGE_PASSWORD (invited, never
 * signed in: the temporary password may have expired) who is invited again gets a fresh email (RESEND).
 * Either way the answer is the user's `sub`, the subject their tokens will carry when they sign in.
 */
import {
  AdminCreateUserCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DirectoryEntry, UserDirectory } from '../../core/album-members.ts';
import { ServiceUnavailableError } from '../../core/errors.ts';

/**
 * What this directory accepts as an address: one @, something on both sides, a dot in the domain, no
 * spaces or control characters, at most 254 characters (RFC 5321's path limit). Quotes and backslashes
 * are allowed (a quoted local part is valid) and escaped in the ListUsers filter.
 */
const EMAIL = /^[^\s@\p{Cc}]{1,64}@[^\s@"\\\p{Cc}]+\.[^\s@"\\\p{Cc}]+$/u;
const MAX_EMAIL_LENGTH = 254;

export interface CognitoUserDirectoryOptions {
  readonly client: Pick<CognitoIdentityProviderClient, 'send'>;
  readonly userPoolId: string;
}

/** ListUsers' filter for one exact email: `email = "<value>"`, with `\` and `"` escaped inside the quotes. */
export function emailFilter(email: string): string {
  return `email = "${email.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

export function cognitoUserDirectory(options: CognitoUserDirectoryOptions): UserDirectory {
  const { client, userPoolId } = options;

  async function findByEmail(email: string): Promise<{ username: string; entry: DirectoryEntry } | null> {
    const answer = await client.send(
      new ListUsersCommand({
        UserPoolId: userPoolId,
        Filter: emailFilter(email),
        AttributesToGet: ['sub', 'email', 'email_verified'],
        Limit: 2,
      }),
    );
    // Filter `=` is exact, but a pool that is not case-sensitive may hold the address in another case.
    // Only a verified address names its user: anyone can sign up with, or change to, an address.
    const user = (answer.Users ?? []).find(
      (candidate) =>
        attribute(candidate.Attributes, 'email')?.toLowerCase() === email.toLowerCase() &&
        attribute(candidate.Attributes, 'email_verified') === 'true',
    );
    const entry = user && entryOf(user.Attributes, email, user.UserStatus === 'FORCE_CHANGE_PASSWORD');
    return user?.Username && entry ? { username: user.Username, entry } : null;
  }

  async function create(email: string): Promise<DirectoryEntry | null> {
    try {
      const answer = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          // The pool signs in by email (lib/constructs/auth.ts): the address is the user name.
          Username: email,
          // Receiving the invitation proves the address: the person can sign in and recover with it.
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      return entryOf(answer.User?.Attributes, email, true);
    } catch (error) {
      // Created meanwhile (a concurrent invitation): the user exists now, so find them. An unverified
      // holder of the address (a sign-up never confirmed) is found as no one.
      if (errorName(error) === 'UsernameExistsException') return (await findByEmail(email))?.entry ?? null;
      throw error;
    }
  }

  /** A fresh invitation email to a user who never signed in (their temporary password may have expired). */
  async function resend(username: string): Promise<void> {
    try {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: username,
          MessageAction: 'RESEND',
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (error) {
      // They signed in meanwhile: no email needed, they see the invitation in the app.
      if (errorName(error) !== 'UnsupportedUserStateException') throw error;
    }
  }

  /** Runs `work` on a well-formed address; Cognito's failures become "no one" or a 503. */
  async function withEmail(
    handle: string,
    work: (email: string) => Promise<DirectoryEntry | null>,
  ): Promise<DirectoryEntry | null> {
    const email = handle.trim();
    if (!isEmail(email)) return null;
    try {
      return await work(email);
    } catch (error) {
      // Cognito refusing the address itself (its own email rules are stricter than ours): no one.
      if (errorName(error) === 'InvalidParameterException') return null;
      throw new ServiceUnavailableError('the user directory (Cognito) did not answer; try again', error);
    }
  }

  return {
    accepts: (handle) => isEmail(handle.trim()),
    lookup: (handle) => withEmail(handle, async (email) => (await findByEmail(email))?.entry ?? null),
    invite: (handle) =>
      withEmail(handle, async (email) => {
        const found = await findByEmail(email);
        if (!found) return create(email);
        if (found.entry.pending) await resend(found.username);
        return found.entry;
      }),
  };
}

function isEmail(email: string): boolean {
  return email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email);
}

function entryOf(
  attributes: AttributeType[] | undefined,
  email: string,
  pending: boolean,
): DirectoryEntry | null {
  const subject = attribute(attributes, 'sub');
  if (!subject) return null;
  return { subject, displayName: attribute(attributes, 'email') ?? email, pending };
}

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((candidate) => candidate.Name === name)?.Value;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}
