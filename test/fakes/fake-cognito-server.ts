/**
 * A Cognito user pool on 127.0.0.1 for the directory adapter's tests, speaking the real wire protocol
 * strictly so the real SDK is exercised: AWS JSON 1.1 (POST /, `Content-Type:
 * application/x-amz-json-1.1`, `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`), a SigV4
 * Authorization header whose credential scope names this region and the `cognito-idp` service (the
 * signature itself is not recomputed), errors as `{ "__type", "message" }` with Cognito's names.
 *
 * Two operations, as documented: ListUsers with the documented filter grammar (`attribute = "value"`
 * or `attribute ^= "value"`, quotes escaped by backslash inside the value, only the searchable standard
 * attributes; anything else is InvalidParameterException) and AdminCreateUser for a pool whose users
 * sign in by email (the user name must be an email; Cognito makes the `sub` the user name), including
 * MessageAction RESEND (the user must exist, named by email or sub, and still be FORCE_CHANGE_PASSWORD:
 * otherwise UserNotFoundException or UnsupportedUserStateException). ListUsers answers each user's
 * UserStatus. The invitation emails Cognito would send are recorded in `invitations`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** The attributes ListUsers can search (custom attributes cannot be). */
const SEARCHABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);
const MAX_FILTER_LENGTH = 256;
const MAX_LIMIT = 60;

interface StoredUser {
  username: string;
  attributes: Map<string, string>;
  createdAt: number;
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';
}

export interface SentInvitation {
  to: string;
  medium: 'EMAIL' | 'SMS';
}

export interface FakeCognito {
  url: string;
  region: string;
  userPoolId: string;
  /** Every request that got through the protocol checks: operation and body. */
  requests: { operation: string; body: Record<string, unknown> }[];
  /** The invitation messages Cognito would have sent. */
  invitations: SentInvitation[];
  /**
   * A user already in the pool (email verified unless `extra` says otherwise); CONFIRMED unless told
   * FORCE_CHANGE_PASSWORD (invited, never signed in). Returns their sub.
   */
  addUser(
    email: string,
    extra?: Record<string, string>,
    status?: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD',
  ): string;
  /** The next `count` requests fail with this Cognito error (e.g. TooManyRequestsException). */
  failNext(count: number, type: string, status?: number): void;
  stop(): Promise<void>;
}

class CognitoError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

export async function startFakeCognito(
  options: { region?: string; userPoolId?: string } = {},
): Promise<FakeCognito> {
  const region = options.region ?? 'us-east-1';
  const userPoolId = options.userPoolId ?? `${region}_FakePool1`;
  const users: StoredUser[] = [];
  const requests: FakeCognito['requests'] = [];
  const invitations: SentInvitation[] = [];
  const failures: { type: string; status: number }[] = [];

  const server = createServer((request, response) => {
    handle(request)
      .then((body) => send(response, 200, body))
      .catch((error: unknown) => {
        const failure =
          error instanceof CognitoError
            ? error
            : new CognitoError('InternalErrorException', String(error), 500);
        send(response, failure.status, { __type: failure.type, message: failure.message });
      });
  });

  async function handle(request: IncomingMessage): Promise<unknown> {
    const raw = await readAll(request);
    if (request.method !== 'POST' || request.url !== '/') {
      throw new CognitoError(
        'UnknownOperationException',
        `${request.method} ${request.url} is not an operation`,
        404,
      );
    }
    checkSignature(request.headers.authorization, request.headers['x-amz-date']);
    if (request.headers['content-type'] !== CONTENT_TYPE) {
      throw new CognitoError('SerializationException', `Content-Type must be ${CONTENT_TYPE}`);
    }
    const target = String(request.headers['x-amz-target'] ?? '');
    if (!target.startsWith(TARGET_PREFIX))
      throw new CognitoError('UnknownOperationException', 'no X-Amz-Target');
    const operation = target.slice(TARGET_PREFIX.length);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new CognitoError('SerializationException', 'the body is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new CognitoError('SerializationException', 'the body is not a JSON object');
    }
    requests.push({ operation, body });
    const failure = failures.shift();
    if (failure) throw new CognitoError(failure.type, 'injected failure', failure.status);
    switch (operation) {
      case 'ListUsers':
        return listUsers(body);
      case 'AdminCreateUser':
        return adminCreateUser(body);
      default:
        throw new CognitoError('UnknownOperationException', `${operation} is not supported by this fake`);
    }
  }

  function checkSignature(authorization: string | undefined, amzDate: string | string[] | undefined): void {
    const match =
      /^AWS4-HMAC-SHA256 Credential=[A-Za-z0-9]+\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/.exec(
        authorization ?? '',
      );
    if (!match)
      throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    const [, day, scopeRegion, service, signedHeaders] = match;
    if (service !== 'cognito-idp' || scopeRegion !== region) {
      throw new CognitoError(
        'InvalidSignatureException',
        `Credential should be scoped to a valid region and service (${region}/cognito-idp), not ${scopeRegion}/${service}`,
        403,
      );
    }
    if (typeof amzDate !== 'string' || !amzDate.startsWith(day ?? '-')) {
      throw new CognitoError(
        'IncompleteSignatureException',
        'X-Amz-Date is missing or not the credential date',
        403,
      );
    }
    for (const header of ['host', 'x-amz-date', 'x-amz-target']) {
      if (!signedHeaders?.split(';').includes(header)) {
        throw new CognitoError('IncompleteSignatureException', `${header} must be signed`, 403);
      }
    }
  }

  function checkPool(body: Record<string, unknown>): void {
    const id = body.UserPoolId;
    if (typeof id !== 'string' || !/^[\w-]+_[0-9a-zA-Z]+$/.test(id)) {
      throw new CognitoError(
        'InvalidParameterException',
        "1 validation error detected: Value at 'userPoolId' failed to satisfy constraint",
      );
    }
    if (id !== userPoolId)
      throw new CognitoError('ResourceNotFoundException', `User pool ${id} does not exist.`);
  }

  function listUsers(body: Record<string, unknown>): unknown {
    checkPool(body);
    const limit = body.Limit ?? MAX_LIMIT;
    if (!Number.isInteger(limit) || (limit as number) < 0 || (limit as number) > MAX_LIMIT) {
      throw new CognitoError('InvalidParameterException', `Limit must be 0 to ${MAX_LIMIT}`);
    }
    const toGet = body.AttributesToGet;
    if (toGet !== undefined && (!Array.isArray(toGet) || !toGet.every((name) => typeof name === 'string'))) {
      throw new CognitoError(
        'InvalidParameterException',
        'AttributesToGet must be a list of attribute names',
      );
    }
    const filter = body.Filter === undefined || body.Filter === '' ? null : parseFilter(body.Filter);
    const found = users.filter((user) => !filter || matches(user, filter));
    return {
      Users: found
        .slice(0, (limit as number) || MAX_LIMIT)
        .map((user) => describe(user, toGet as string[] | undefined)),
    };
  }

  function adminCreateUser(body: Record<string, unknown>): unknown {
    checkPool(body);
    const username = body.Username;
    if (typeof username !== 'string' || username.length === 0 || username.length > 128) {
      throw new CognitoError('InvalidParameterException', "Value at 'username' failed to satisfy constraint");
    }
    // A resend names an existing user, by email or by their user name (the sub).
    if (body.MessageAction === 'RESEND') return resend(username, deliveryMediums(body));
    // This pool signs in by email (UsernameAttributes: email).
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(username)) {
      throw new CognitoError('InvalidParameterException', 'Username should be an email.');
    }
    const attributes = new Map<string, string>();
    for (const item of (body.UserAttributes ?? []) as unknown[]) {
      const { Name, Value } = (item ?? {}) as { Name?: unknown; Value?: unknown };
      if (typeof Name !== 'string' || typeof Value !== 'string') {
        throw new CognitoError('InvalidParameterException', 'each user attribute needs a Name and a Value');
      }
      if (Name === 'sub')
        throw new CognitoError('InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
      attributes.set(Name, Value);
    }
    if (attributes.has('email') && attributes.get('email') !== username) {
      throw new CognitoError(
        'InvalidParameterException',
        'the email attribute must be the user name in this pool',
      );
    }
    const mediums = deliveryMediums(body);
    if (
      body.MessageAction !== undefined &&
      body.MessageAction !== 'SUPPRESS' &&
      body.MessageAction !== 'RESEND'
    ) {
      throw new CognitoError('InvalidParameterException', 'MessageAction must be RESEND or SUPPRESS');
    }
    if (users.some((user) => user.attributes.get('email')?.toLowerCase() === username.toLowerCase())) {
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    }
    const user = store(username, attributes, 'FORCE_CHANGE_PASSWORD');
    if (body.MessageAction !== 'SUPPRESS') {
      for (const medium of mediums) invitations.push({ to: username, medium });
    }
    return { User: describe(user, undefined) };
  }

  /** RESEND: the existing user's invitation again, only while they have never signed in. */
  function resend(username: string, mediums: ('EMAIL' | 'SMS')[]): unknown {
    const user = users.find(
      (candidate) =>
        candidate.username === username ||
        candidate.attributes.get('email')?.toLowerCase() === username.toLowerCase(),
    );
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    if (user.status !== 'FORCE_CHANGE_PASSWORD') {
      throw new CognitoError(
        'UnsupportedUserStateException',
        `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`,
      );
    }
    for (const medium of mediums) invitations.push({ to: user.attributes.get('email') ?? username, medium });
    return { User: describe(user, undefined) };
  }

  function store(email: string, attributes: Map<string, string>, status: StoredUser['status']): StoredUser {
    const sub = randomUUID();
    attributes.set('sub', sub);
    attributes.set('email', email);
    const user = { username: sub, attributes, createdAt: Date.now() / 1000, status };
    users.push(user);
    return user;
  }

  function matches(user: StoredUser, filter: ParsedFilter): boolean {
    const value =
      filter.attribute === 'username'
        ? user.username
        : filter.attribute === 'status' || filter.attribute === 'cognito:user_status'
          ? user.status
          : user.attributes.get(filter.attribute);
    if (value === undefined) return false;
    return filter.operator === '=' ? value === filter.value : value.startsWith(filter.value);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    region,
    userPoolId,
    requests,
    invitations,
    addUser(email, extra = {}, status = 'CONFIRMED') {
      return store(email, new Map([['email_verified', 'true'], ...Object.entries(extra)]), status).username;
    },
    failNext(count, type, status = 400) {
      for (let index = 0; index < count; index += 1) failures.push({ type, status });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface ParsedFilter {
  attribute: string;
  operator: '=' | '^=';
  value: string;
}

/**
 * The documented grammar: `AttributeName Filter-Type "AttributeValue"`, Filter-Type `=` or `^=`, the
 * value in double quotes with `\"` for a quote inside it (and `\\` for a backslash). An unquoted or
 * unterminated value, another operator, trailing text or an attribute that cannot be searched is
 * InvalidParameterException, as Cognito answers.
 */
export function parseFilter(filter: unknown): ParsedFilter {
  if (typeof filter !== 'string' || filter.length > MAX_FILTER_LENGTH) {
    throw new CognitoError(
      'InvalidParameterException',
      `Filter must be a string of at most ${MAX_FILTER_LENGTH} characters`,
    );
  }
  const head = /^\s*([a-z_:]+)\s*(\^=|=)\s*"/.exec(filter);
  if (!head) throw new CognitoError('InvalidParameterException', 'Invalid search filter');
  const [, attribute, operator] = head as unknown as [string, string, '=' | '^='];
  if (!SEARCHABLE.has(attribute))
    throw new CognitoError('InvalidParameterException', `Invalid search attribute: ${attribute}`);
  let value = '';
  let index = head[0].length;
  for (; index < filter.length; index += 1) {
    const character = filter[index] as string;
    if (character === '\\') {
      const next = filter[index + 1];
      if (next !== '"' && next !== '\\')
        throw new CognitoError('InvalidParameterException', 'Invalid search filter');
      value += next;
      index += 1;
    } else if (character === '"') {
      break;
    } else {
      value += character;
    }
  }
  if (index >= filter.length || filter.slice(index + 1).trim() !== '') {
    throw new CognitoError('InvalidParameterException', 'Invalid search filter');
  }
  return { attribute, operator, value };
}

function deliveryMediums(body: Record<string, unknown>): ('EMAIL' | 'SMS')[] {
  const mediums = (body.DesiredDeliveryMediums ?? ['SMS']) as unknown[];
  if (!Array.isArray(mediums) || !mediums.every((medium) => medium === 'EMAIL' || medium === 'SMS')) {
    throw new CognitoError('InvalidParameterException', 'DesiredDeliveryMediums must hold EMAIL or SMS');
  }
  return mediums as ('EMAIL' | 'SMS')[];
}

function describe(user: StoredUser, toGet: string[] | undefined) {
  const attributes = [...user.attributes.entries()]
    .filter(([name]) => !toGet || toGet.length === 0 || toGet.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
  return {
    Username: user.username,
    Attributes: attributes,
    UserCreateDate: user.createdAt,
    UserLastModifiedDate: user.createdAt,
    Enabled: true,
    UserStatus: user.status,
  };
}

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    ...(status >= 400 ? { 'x-amzn-errortype': (body as { __type: string }).__type } : {}),
  });
  response.end(payload);
}
