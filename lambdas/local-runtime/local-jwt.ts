/**
 * Local sign-in, standing in for Cognito: HS256 tokens signed with a key that never leaves the
 * machine, verified by the local server exactly where API Gateway's JWT authorizer would verify them.
 */
import { errors, jwtVerify, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'momentarium-local';
export const LOCAL_AUDIENCE = 'momentarium';
const TOKEN_TTL = '12h';
/** Verified tokens remembered at once; a page polls with the same token many times a minute. */
const MAX_REMEMBERED_TOKENS = 1_000;

export interface LocalTokens {
  issue(subject: string, username: string): Promise<string>;
  /** The token's claims, or null when it is missing, malformed, expired or not ours. */
  verify(token: string): Promise<Record<string, unknown> | null>;
}

/**
 * A token that verified once is remembered until it expires, so each request does not pay for an
 * HMAC through WebCrypto again (in AWS, API Gateway verifies tokens and Lambda never sees the cost).
 * Only valid tokens are remembered, and each one only until its own `exp`.
 */
export function createLocalTokens(secret: string): LocalTokens {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, { claims: Record<string, unknown>; expiresAtMs: number }>();
  const verifyOnce = async (token: string) => {
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
      });
      return payload as Record<string, unknown>;
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  };
  return {
    issue: (subject, username) =>
      new SignJWT({ username })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(subject)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(TOKEN_TTL)
        .sign(key),
    verify: async (token) => {
      const remembered = verified.get(token);
      if (remembered && Date.now() < remembered.expiresAtMs) return remembered.claims;
      verified.delete(token);
      const claims = await verifyOnce(token);
      if (claims && typeof claims.exp === 'number') {
        if (verified.size >= MAX_REMEMBERED_TOKENS) verified.clear();
        verified.set(token, { claims, expiresAtMs: claims.exp * 1000 });
      }
      return claims;
    },
  };
}
