import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { decryptSecret, encryptSecret } from './encryption.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 8).toString('base64');
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

// Swap one character of a base64url part for another valid one.
function flip(text: string, partIndex: number): string {
  const parts = text.split('.');
  const part = parts[partIndex]!;
  const last = part.at(-2)!; // not the final char, whose low bits may be padding
  parts[partIndex] = part.slice(0, -2) + (last === 'A' ? 'B' : 'A') + part.at(-1);
  return parts.join('.');
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips', () => {
    expect(decryptSecret(encryptSecret(SECRET, KEY), KEY)).toBe(SECRET);
  });

  it('round-trips empty and non-ASCII text', () => {
    expect(decryptSecret(encryptSecret('', KEY), KEY)).toBe('');
    expect(decryptSecret(encryptSecret('pässwörd ✓ 🔑', KEY), KEY)).toBe('pässwörd ✓ 🔑');
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url with a 12-byte IV and 16-byte tag', () => {
    const text = encryptSecret(SECRET, KEY);
    const [version, iv, tag, ciphertext] = text.split('.');
    expect(version).toBe('v1');
    expect(text).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext!, 'base64url')).toHaveLength(Buffer.byteLength(SECRET));
    expect(text).not.toContain(SECRET.slice(6, 20));
  });

  it('uses a fresh IV every time', () => {
    const texts = Array.from({ length: 20 }, () => encryptSecret(SECRET, KEY));
    expect(new Set(texts.map((t) => t.split('.')[1])).size).toBe(20);
    expect(new Set(texts).size).toBe(20);
  });

  it.each([
    ['iv', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ])('refuses a tampered %s', (_name, index) => {
    const tampered = flip(encryptSecret(SECRET, KEY), index);
    expect(() => decryptSecret(tampered, KEY)).toThrow(/wrong encryption key or tampered data/);
  });

  it('refuses the wrong key', () => {
    expect(() => decryptSecret(encryptSecret(SECRET, KEY), OTHER_KEY)).toThrow(/wrong encryption key or tampered data/);
  });

  it('refuses a truncated tag instead of checking fewer bits', () => {
    const [v, iv, tag, ct] = encryptSecret(SECRET, KEY).split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => decryptSecret([v, iv, short, ct].join('.'), KEY)).toThrow(/malformed IV or tag/);
  });

  it.each(['', 'plain text', 'v2.a.b.c', 'v1.a.b', SECRET])('refuses malformed input %j', (text) => {
    expect(() => decryptSecret(text, KEY)).toThrow(/format|malformed/);
  });

  it('refuses keys that are not 32 bytes', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => encryptSecret(SECRET, short)).toThrow(/must be 32 bytes.*got 16/);
    expect(() => decryptSecret(encryptSecret(SECRET, KEY), short)).toThrow(/must be 32 bytes/);
  });
});
