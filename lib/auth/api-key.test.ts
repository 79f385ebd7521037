import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { generateApiKey, hashApiKey } from './api-key.ts';

describe('generateApiKey', () => {
  it('is hl_ + base64url of 32 random bytes', () => {
    const { key } = generateApiKey();
    expect(key).toMatch(/^hl_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
  });

  it('gives the first 10 characters as the display prefix', () => {
    const { key, prefix } = generateApiKey();
    expect(prefix).toHaveLength(10);
    expect(prefix.startsWith('hl_')).toBe(true);
    expect(key.startsWith(prefix)).toBe(true);
  });

  it('returns the hash of the key, not the key', () => {
    const { key, hash } = generateApiKey();
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(3));
  });

  it('never repeats', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateApiKey().key));
    expect(keys.size).toBe(100);
  });
});

describe('hashApiKey', () => {
  it('is sha256 hex of the whole key', () => {
    // sha256("hl_test") from `printf hl_test | sha256sum`.
    expect(hashApiKey('hl_test')).toBe(EXPECTED);
    expect(hashApiKey('hl_test')).toBe(createHash('sha256').update('hl_test').digest('hex'));
  });

  it('differs for keys differing in one character', () => {
    expect(hashApiKey('hl_testA')).not.toBe(hashApiKey('hl_testB'));
  });
});

const EXPECTED = '4a81d1296e0bb818c44cc510b17f32b8f74573c17391a5b6c2d8fbb6772ebc36';
