/** Share-link tokens, expiry and state, and the download name an original is signed with. */
import { createHash } from 'node:crypto';
import { randomShareTokens } from '../../lambdas/adapters/crypto/random-share-tokens.ts';
import { attachment } from '../../lambdas/adapters/s3/s3-photo-urls.ts';
import {
  SHARE_LINK_DAYS,
  SHARED_URL_TTL_SECONDS,
  sharedUrlSigningDate,
  shareLinkExpiry,
  shareLinkState,
} from '../../lambdas/core/share-links.ts';
import { isOwnersKey, originalKey } from '../../lambdas/core/upload-policy.ts';

describe('share tokens', () => {
  it('are 32 random bytes in base64url (43 characters), stored as the SHA-256 of their text', () => {
    const tokens = Array.from({ length: 1000 }, () => randomShareTokens.create());
    expect(new Set(tokens.map((made) => made.token)).size).toBe(1000);
    for (const { token, hash } of tokens.slice(0, 20)) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(Buffer.from(hash).toString('hex')).toBe(createHash('sha256').update(token).digest('hex'));
      expect(Buffer.from(randomShareTokens.hash(token))).toEqual(Buffer.from(hash));
    }
  });

  it('hash anything presented, whatever its shape, to 32 bytes', () => {
    for (const presented of ['', 'x', 'A'.repeat(100_000), '%00', '\u0000', '😀']) {
      expect(randomShareTokens.hash(presented)).toHaveLength(32);
    }
    expect(Buffer.from(randomShareTokens.hash('a'))).not.toEqual(Buffer.from(randomShareTokens.hash('A')));
  });

  it('have about 6 bits in each character: the bytes are not skewed', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++)
      for (const c of randomShareTokens.create().token.slice(0, 42)) counts.set(c, (counts.get(c) ?? 0) + 1);
    // 84,000 characters over 64 symbols: about 1,312 each; a biased source would leave some far off.
    expect(counts.size).toBe(64);
    for (const count of counts.values()) expect(Math.abs(count - 1312)).toBeLessThan(250);
  });
});

describe('link expiry and state', () => {
  const made = new Date('2026-12-02T10:00:00Z');

  it('expires whole days after it was made, 30 by default, 1 to 365', () => {
    expect(SHARE_LINK_DAYS).toEqual({ default: 30, min: 1, max: 365 });
    expect(shareLinkExpiry(made, 30).toISOString()).toBe('2027-01-01T10:00:00.000Z');
    expect(shareLinkExpiry(made, 1).toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(shareLinkExpiry(made, 365).toISOString()).toBe('2027-12-02T10:00:00.000Z');
  });

  it('is active until its expiry, expired from that instant, and revoked whatever its expiry', () => {
    const expiresAt = shareLinkExpiry(made, 1);
    expect(shareLinkState({ expiresAt, revokedAt: null }, new Date(expiresAt.getTime() - 1))).toBe('active');
    expect(shareLinkState({ expiresAt, revokedAt: null }, expiresAt)).toBe('expired');
    expect(shareLinkState({ expiresAt, revokedAt: made }, made)).toBe('revoked');
    expect(shareLinkState({ expiresAt, revokedAt: made }, new Date(expiresAt.getTime() + 1))).toBe('revoked');
  });
});

describe("a shared page's signed URLs", () => {
  it('are signed as of the start of the minute, so they last 14 to 15 minutes from the request', () => {
    expect(SHARED_URL_TTL_SECONDS).toBe(900);
    expect(sharedUrlSigningDate(new Date('2026-12-02T10:07:59.999Z')).toISOString()).toBe(
      '2026-12-02T10:07:00.000Z',
    );
    expect(sharedUrlSigningDate(new Date('2026-12-02T10:08:00.000Z')).toISOString()).toBe(
      '2026-12-02T10:08:00.000Z',
    );
  });

  it("offer originals of the owner's own keys only", () => {
    const owner = '5b0e6f8e-0000-4000-8000-000000000001';
    const contributor = '5b0e6f8e-0000-4000-8000-000000000002';
    const photo = '7c1d2e3f-0000-4000-8000-000000000003';
    expect(isOwnersKey(owner, originalKey(owner, photo, 'image/jpeg'))).toBe(true);
    expect(isOwnersKey(owner, originalKey(contributor, photo, 'image/jpeg'))).toBe(false);
    // A prefix of the id is not the owner.
    expect(isOwnersKey(owner.slice(0, 8), originalKey(owner, photo, 'image/jpeg'))).toBe(false);
  });
});

describe('the download name of an original', () => {
  it('is an attachment with a safe ASCII name and the exact name in UTF-8', () => {
    expect(attachment('beach.jpg')).toBe(`attachment; filename="beach.jpg"; filename*=UTF-8''beach.jpg`);
    expect(attachment('Praia do Carvão "2".jpg')).toBe(
      `attachment; filename="Praia do Carv_o _2_.jpg"; filename*=UTF-8''Praia%20do%20Carv%C3%A3o%20%222%22.jpg`,
    );
    // Nothing can end the parameter or add a header: quotes, backslashes, semicolons, line breaks.
    const hostile = attachment('a";\r\nx-evil: 1;\\.jpg');
    expect(hostile).not.toMatch(/[\r\n]/);
    expect(hostile.split('"')).toHaveLength(3);
    expect(attachment('\ud800lone.jpg')).toContain("filename*=UTF-8''%EF%BF%BDlone.jpg");
    expect(attachment('')).toBe(`attachment; filename="photo"; filename*=UTF-8''`);
  });
});
