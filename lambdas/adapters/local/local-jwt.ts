/**
 * Local sign-in, standing in for Cognito: HS256 tokens signed with a key that never leaves the
 * machine, verified by the local server exactly where API Gateway's JWT authorizer would verify them.
 */
import { errors, jwtVerify, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'momentarium-local';
export const LOCAL_AUDIENCE = 'momentarium';
const TOKEN_TTL = '12h';

export interface LocalTokens {
  issue(subject: string, username: string): Promise<string>;
  /** The token's claims, or null when it is missing, malformed, expired or not ours. */
  verify(token: string): Promise<Record<string, unknown> | null>;
}

export function createLocalTokens(secret: string): LocalTokens {
  const key = new TextEncoder().encode(secret);
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
    },
  };
}
