import { createHash, randomBytes } from 'node:crypto';
import type { ShareToken, ShareTokens } from '../../core/share-links.ts';

/** 32 bytes from the operating system's CSPRNG: 256 bits, far past guessing. */
const TOKEN_BYTES = 32;

/** Share-link tokens from node:crypto: base64url in the URL, SHA-256 in the database. */
export const randomShareTokens: ShareTokens = {
  create(): ShareToken {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    return { token, hash: sha256(token) };
  },
  hash: sha256,
};

function sha256(text: string): Uint8Array {
  return createHash('sha256').update(text, 'utf8').digest();
}
