/**
 * The Cognito user directory (lambdas/adapters/aws/cognito-user-directory.ts), built by the composition
 * from the environment the stack sets, against a fake Cognito on loopback that speaks the real AWS
 * JSON 1.1 protocol and the documented ListUsers filter grammar (test/fakes/fake-cognito-server.ts).
 */
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { emailFilter } from '../../lambdas/adapters/aws/cognito-user-directory.ts';
import { userDirectory } from '../../lambdas/composition/directory.ts';
import type { UserDirectory } from '../../lambdas/core/album-members.ts';
import { ServiceUnavailableError } from '../../lambdas/core/errors.ts';
import { type FakeCognito, startFakeCognito } from '../fakes/fake-cognito-server.ts';

let cognito: FakeCognito;
let directory: UserDirectory;

beforeAll(async () => {
  cognito = await startFakeCognito({ region: 'eu-west-1' });
  directory = userDirectory({
    USER_POOL_ID: cognito.userPoolId,
    COGNITO_ENDPOINT: cognito.url,
    AWS_REGION: cognito.region,
    AWS_ACCESS_KEY_ID: 'AKIDTESTCOGNITO',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
  });
});
afterAll(() => cognito?.stop());
beforeEach(() => {
  cognito.requests.length = 0;
  cognito.invitations.length = 0;
});

const operations = () => cognito.requests.map((request) => request.operation);

test('an address the pool holds names that user: their sub, found with one exact ListUsers filter', async () => {
  const sub = cognito.addUser('rosa@example.com');
  cognito.addUser('rosa@example.com.evil.test');
  const rosa = { subject: sub, displayName: 'rosa@example.com', pending: false };
  expect(directory.accepts('  rosa@example.com ')).toBe(true);
  expect(await directory.lookup('  rosa@example.com ')).toEqual(rosa);
  expect(await directory.invite('rosa@example.com')).toEqual(rosa);
  const list = {
    operation: 'ListUsers',
    body: expect.objectContaining({ UserPoolId: cognito.userPoolId, Filter: 'email = "rosa@example.com"' }),
  };
  expect(cognito.requests).toEqual([list, list]);
  expect(cognito.invitations).toEqual([]);
});

test('looking up never creates anyone: an unknown address is no one until invited', async () => {
  expect(await directory.lookup('unknown@example.com')).toBeNull();
  expect(operations()).toEqual(['ListUsers']);
  expect(cognito.invitations).toEqual([]);
});

test('an address held but not verified names no one, and inviting it neither claims nor emails it', async () => {
  cognito.addUser('claimed@example.com', { email_verified: 'false' });
  expect(await directory.lookup('claimed@example.com')).toBeNull();
  expect(await directory.invite('claimed@example.com')).toBeNull();
  expect(operations()).toEqual(['ListUsers', 'ListUsers', 'AdminCreateUser', 'ListUsers']);
  expect(cognito.invitations).toEqual([]);
});

test('a user invited who never signed in is pending, and inviting them again resends their email', async () => {
  const sub = cognito.addUser('late@example.com', {}, 'FORCE_CHANGE_PASSWORD');
  const late = { subject: sub, displayName: 'late@example.com', pending: true };
  expect(await directory.lookup('late@example.com')).toEqual(late);
  expect(cognito.invitations).toEqual([]);
  expect(await directory.invite('late@example.com')).toEqual(late);
  expect(operations()).toEqual(['ListUsers', 'ListUsers', 'AdminCreateUser']);
  expect(cognito.requests[2]?.body).toMatchObject({ Username: sub, MessageAction: 'RESEND' });
  expect(cognito.invitations).toEqual([{ to: 'late@example.com', medium: 'EMAIL' }]);
});

test('RESEND is refused as Cognito refuses it: for a user who signed in, and for no user', async () => {
  const client = new CognitoIdentityProviderClient({
    region: cognito.region,
    endpoint: cognito.url,
    credentials: { accessKeyId: 'AKIDTESTCOGNITO', secretAccessKey: 'test-secret-key' },
    maxAttempts: 1,
  });
  const resend = (Username: string) =>
    client
      .send(
        new AdminCreateUserCommand({
          UserPoolId: cognito.userPoolId,
          Username,
          MessageAction: 'RESEND',
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      )
      .then(
        () => 'sent',
        (error: { name: string }) => error.name,
      );
  expect(await resend(cognito.addUser('done@example.com'))).toBe('UnsupportedUserStateException');
  expect(await resend('nobody@example.com')).toBe('UserNotFoundException');
  expect(await resend('waiting@example.com')).toBe('UserNotFoundException');
  cognito.addUser('waiting@example.com', {}, 'FORCE_CHANGE_PASSWORD');
  expect(await resend('waiting@example.com')).toBe('sent');
  expect(cognito.invitations).toEqual([{ to: 'waiting@example.com', medium: 'EMAIL' }]);
});

test('a new address is invited: Cognito creates the user and emails them; asking again finds the same user', async () => {
  const invited = await directory.invite('new.friend@example.org');
  expect(invited?.pending).toBe(true);
  expect(invited?.subject).toMatch(/^[0-9a-f-]{36}$/);
  expect(operations()).toEqual(['ListUsers', 'AdminCreateUser']);
  expect(cognito.requests[1]?.body).toMatchObject({
    Username: 'new.friend@example.org',
    DesiredDeliveryMediums: ['EMAIL'],
    UserAttributes: expect.arrayContaining([
      { Name: 'email', Value: 'new.friend@example.org' },
      { Name: 'email_verified', Value: 'true' },
    ]),
  });
  expect(cognito.requests[1]?.body.MessageAction).toBeUndefined();
  expect(cognito.invitations).toEqual([{ to: 'new.friend@example.org', medium: 'EMAIL' }]);

  expect(await directory.lookup('new.friend@example.org')).toEqual(invited);
  expect(cognito.invitations).toHaveLength(1);
});

test('quotes and backslashes in an address are escaped in the filter: the same user is found, no one else', async () => {
  const victim = cognito.addUser('victim@example.com');
  const quoted = 'o"brien\\x@example.com';
  expect(emailFilter(quoted)).toBe('email = "o\\"brien\\\\x@example.com"');
  const created = await directory.invite(quoted);
  expect(created?.displayName).toBe(quoted);
  expect(await directory.lookup(quoted)).toEqual(created);
  expect(cognito.invitations.map((invitation) => invitation.to)).toEqual([quoted]);
  // An attempt to close the quotes early is still one exact value, not a second clause.
  const breakout = 'x"^="victim@example.com';
  expect(await directory.lookup(breakout)).toBeNull();
  const entry = await directory.invite(breakout);
  expect(entry?.displayName).toBe(breakout);
  expect(entry?.subject).not.toBe(victim);
});

test('two invitations of one new address at once make one user, and both get them', async () => {
  const [first, second] = await Promise.all([
    directory.invite('twice@example.net'),
    directory.invite('twice@example.net'),
  ]);
  expect(first).not.toBeNull();
  expect(second).toEqual(first);
  expect(cognito.invitations).toHaveLength(1);
});

test.each([
  ['a username', 'rosa'],
  ['no domain dot', 'rosa@localhost'],
  ['a space', 'ro sa@example.com'],
  ['two at signs', 'a@b@example.com'],
  ['a control character', 'ro\u0000sa@example.com'],
  ['an address over 254 characters', `${'a'.repeat(64)}@${'b'.repeat(190)}.com`],
  ['an empty handle', '   '],
])('%s names no one, and Cognito is not asked', async (_, handle) => {
  expect(directory.accepts(handle)).toBe(false);
  expect(await directory.lookup(handle)).toBeNull();
  expect(await directory.invite(handle)).toBeNull();
  expect(cognito.requests).toEqual([]);
});

test('an address Cognito refuses names no one', async () => {
  cognito.failNext(1, 'InvalidParameterException');
  expect(await directory.invite('refused@example.com')).toBeNull();
});

test('Cognito throttling or failing past the retries is a 503 the caller may retry, with nothing of Cognito in it', async () => {
  cognito.failNext(3, 'TooManyRequestsException');
  const failure = await directory.invite('busy@example.com').catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ServiceUnavailableError);
  expect(failure).toMatchObject({ code: 'service_unavailable', status: 503 });
  expect(String((failure as Error).message)).not.toMatch(/TooManyRequests|injected/);
  expect(cognito.requests.length).toBe(3); // the SDK's standard retries, then the answer
});

describe('the fake is strict where Cognito is', () => {
  const client = () =>
    new CognitoIdentityProviderClient({
      region: cognito.region,
      endpoint: cognito.url,
      credentials: { accessKeyId: 'AKIDTESTCOGNITO', secretAccessKey: 'test-secret-key' },
      maxAttempts: 1,
    });
  const listWith = (Filter: string) =>
    client()
      .send(new ListUsersCommand({ UserPoolId: cognito.userPoolId, Filter }))
      .then(
        () => 'accepted',
        (error: { name: string }) => error.name,
      );

  test.each([
    ['an unquoted value', 'email = rosa@example.com'],
    ['an unterminated value', 'email = "rosa@example.com'],
    ['text after the value', 'email = "a@example.com" or email = "b@example.com"'],
    ['another operator', 'email != "rosa@example.com"'],
    ['a custom attribute', 'custom:team = "x"'],
    ['an unknown attribute', 'nickname = "x"'],
    ['a stray backslash', 'email = "a\\b@example.com"'],
  ])('refuses a filter with %s', async (_, filter) => {
    expect(await listWith(filter)).toBe('InvalidParameterException');
  });

  test('accepts the documented forms', async () => {
    expect(await listWith('email = "rosa@example.com"')).toBe('accepted');
    expect(await listWith('email ^= "ro"')).toBe('accepted');
    expect(await listWith('family_name = "Reddy \\"R\\""')).toBe('accepted');
  });

  test('refuses requests without a cognito-idp signature for its region, or not in JSON 1.1', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(cognito.url, { method: 'POST', headers, body: '{}' }).then(async (response) => ({
        status: response.status,
        type: ((await response.json()) as { __type: string }).__type,
      }));
    const json11 = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers',
    };
    expect(await post(json11)).toEqual({ status: 403, type: 'MissingAuthenticationTokenException' });
    const signature = (scope: string) =>
      `AWS4-HMAC-SHA256 Credential=AKID/20261202/${scope}/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'a'.repeat(64)}`;
    const signed = (scope: string) => ({
      ...json11,
      'x-amz-date': '20261202T120000Z',
      authorization: signature(scope),
    });
    expect(await post(signed('eu-west-1/s3'))).toEqual({ status: 403, type: 'InvalidSignatureException' });
    expect(await post(signed('us-east-1/cognito-idp'))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
    });
    expect(await post({ ...signed('eu-west-1/cognito-idp'), 'content-type': 'application/json' })).toEqual({
      status: 400,
      type: 'SerializationException',
    });
    expect(await post(signed('eu-west-1/cognito-idp'))).toEqual({
      status: 400,
      type: 'InvalidParameterException',
    });
  });

  test('refuses another user pool and a user name that is not an email', async () => {
    const other = await client()
      .send(new ListUsersCommand({ UserPoolId: 'eu-west-1_Other1', Filter: '' }))
      .catch((error: { name: string }) => error.name);
    expect(other).toBe('ResourceNotFoundException');
    const notEmail = await client()
      .send(new AdminCreateUserCommand({ UserPoolId: cognito.userPoolId, Username: 'rosa' }))
      .catch((error: { name: string }) => error.name);
    expect(notEmail).toBe('InvalidParameterException');
  });
});
