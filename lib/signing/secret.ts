// Endpoint signing secrets in the Standard Webhooks shape: `whsec_` + base64 of the key
// bytes. Any Standard Webhooks or Svix library strips the prefix and HMACs with the
// decoded bytes, so that is what we must do too.
import { randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

// 32 bytes = 256 bits, the HMAC-SHA256 block-size sweet spot; the spec allows 24–64.
const GENERATED_KEY_BYTES = 32;
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

// Standard base64 with optional padding. Buffer.from(_, 'base64') silently skips bad
// characters, so we check the alphabet ourselves rather than sign with a truncated key.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(GENERATED_KEY_BYTES).toString('base64');
}

export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) {
    throw new Error(`signing secret must start with "${SECRET_PREFIX}"`);
  }
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) {
    throw new Error(`signing secret must be "${SECRET_PREFIX}" followed by base64`);
  }
  const key = Buffer.from(encoded, 'base64');
  // A round trip catches misplaced padding ("ab=c") and trailing junk bits.
  if (key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new Error('signing secret is not valid base64');
  }
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new Error(
      `signing secret must decode to ${MIN_KEY_BYTES}–${MAX_KEY_BYTES} bytes, got ${key.length}`,
    );
  }
  return key;
}
