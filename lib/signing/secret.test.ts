import { describe, it, expect } from 'vitest';
import { generateSecret, secretKey } from './secret.ts';

describe('generateSecret', () => {
  it('is whsec_ + base64 of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(secret)).toHaveLength(32);
  });

  it('differs every time', () => {
    const seen = new Set(Array.from({ length: 50 }, generateSecret));
    expect(seen.size).toBe(50);
  });
});

describe('secretKey', () => {
  it('decodes the bytes after the prefix', () => {
    const key = secretKey('whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=');
    expect([...key]).toEqual(Array.from({ length: 32 }, (_, i) => i));
  });

  it('accepts the 24-byte Svix-style secret without padding', () => {
    expect(secretKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toHaveLength(24);
  });

  it('accepts exactly 24 and 64 bytes', () => {
    expect(secretKey('whsec_' + Buffer.alloc(24, 7).toString('base64'))).toHaveLength(24);
    expect(secretKey('whsec_' + Buffer.alloc(64, 7).toString('base64'))).toHaveLength(64);
  });

  it('refuses 23 and 65 bytes, naming the length', () => {
    expect(() => secretKey('whsec_' + Buffer.alloc(23).toString('base64'))).toThrow(/24–64 bytes, got 23/);
    expect(() => secretKey('whsec_' + Buffer.alloc(65).toString('base64'))).toThrow(/24–64 bytes, got 65/);
  });

  it('refuses a missing prefix', () => {
    expect(() => secretKey(Buffer.alloc(32).toString('base64'))).toThrow(/must start with "whsec_"/);
  });

  it('refuses characters outside base64 instead of skipping them', () => {
    const good = Buffer.alloc(32, 1).toString('base64');
    expect(() => secretKey('whsec_' + good.slice(0, 10) + '!' + good.slice(10))).toThrow(/base64/);
    // base64url is a different alphabet: "_" where base64 has "/".
    const slashes = Buffer.alloc(32, 0xff).toString('base64');
    expect(slashes).toContain('/');
    expect(() => secretKey('whsec_' + slashes.replaceAll('/', '_'))).toThrow(/base64/);
    expect(() => secretKey('whsec_')).toThrow(/base64/);
  });

  it('refuses misplaced padding', () => {
    expect(() => secretKey('whsec_AAAA=AAA' + 'A'.repeat(32))).toThrow(/base64/);
  });
});
