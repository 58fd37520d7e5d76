import { jest } from '@jest/globals';
import { SignJWT } from 'jose';
import { createLocalTokens, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../lambdas/local-runtime/local-jwt.ts';

const SECRET = 'a-local-secret-of-enough-length-0123456789';

function tokenExpiringAt(expSeconds: number, secret = SECRET) {
  return new SignJWT({ username: 'ada' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('user-1')
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expSeconds)
    .sign(new TextEncoder().encode(secret));
}

afterEach(() => jest.useRealTimers());

describe('local tokens', () => {
  it('issues tokens that verify to their claims, again and again', async () => {
    const tokens = createLocalTokens(SECRET);
    const token = await tokens.issue('user-1', 'ada');
    const first = await tokens.verify(token);
    expect(first).toMatchObject({ sub: 'user-1', username: 'ada', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE });
    expect(await tokens.verify(token)).toEqual(first);
  });

  it('refuses a remembered token once it has expired', async () => {
    const tokens = createLocalTokens(SECRET);
    const now = Date.now();
    const token = await tokenExpiringAt(Math.floor(now / 1000) + 60);
    expect(await tokens.verify(token)).not.toBeNull();
    // Only the clock moves (Date for this module and for jose); timers and promises stay real.
    jest.useFakeTimers({
      now: now + 61_000,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'queueMicrotask',
        'setTimeout',
        'clearTimeout',
      ],
    });
    expect(await tokens.verify(token)).toBeNull();
  });

  it('refuses expired, foreign and malformed tokens, every time', async () => {
    const tokens = createLocalTokens(SECRET);
    const expired = await tokenExpiringAt(Math.floor(Date.now() / 1000) - 10);
    const foreign = await tokenExpiringAt(Math.floor(Date.now() / 1000) + 60, `${SECRET}-other`);
    for (const token of [expired, foreign, 'not.a.token', '']) {
      expect(await tokens.verify(token)).toBeNull();
      expect(await tokens.verify(token)).toBeNull();
    }
  });
});
