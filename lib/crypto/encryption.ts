// Endpoint signing secrets at rest: AES-256-GCM under HOOKLINE_ENCRYPTION_KEY, so a
// database dump alone does not let anyone forge webhooks. Format:
// `v1.<iv>.<tag>.<ciphertext>`, each base64url; the version leaves room to rotate keys.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const KEY_BYTES = 32; // AES-256
const IV_BYTES = 12; // 96 bits: the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16; // full 128-bit tag; shorter tags weaken forgery resistance

function loadKey(keyBase64: string): Buffer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(`encryption key must be ${KEY_BYTES} bytes, base64-encoded; got ${key.length} bytes`);
  }
  return key;
}

export function encryptSecret(plaintext: string, keyBase64: string): string {
  // A fresh random IV every time: reusing one under the same GCM key leaks plaintexts.
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', loadKey(keyBase64), iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function decryptSecret(text: string, keyBase64: string): string {
  const key = loadKey(keyBase64);
  const parts = text.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new Error(`encrypted secret is not in the ${VERSION}.<iv>.<tag>.<ciphertext> format`);
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
  // createDecipheriv would accept a short tag; insisting on 16 bytes stops truncation.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new Error('encrypted secret has a malformed IV or tag');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // GCM cannot tell a wrong key from tampering; both fail the tag check.
    throw new Error('could not decrypt secret: wrong encryption key or tampered data');
  }
}
