// API keys: `hl_` + 256 random bits. Only the sha256 is stored; a slow hash is not needed
// because the key is random, not a human password, so a leaked hash cannot be brute-forced.
// The prefix (first 10 chars) is stored in clear so people can tell their keys apart.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'hl_';
const KEY_BYTES = 32;
// 10 chars = "hl_" + 7 random: recognisable in a list, 42 bits, too few to help a guesser.
const DISPLAY_PREFIX_LENGTH = 10;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
  return { key, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashApiKey(key) };
}
