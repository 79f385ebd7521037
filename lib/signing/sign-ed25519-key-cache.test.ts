import { describe, expect, it } from 'vitest';
import { Ed25519KeyCache } from './sign-ed25519-key-cache.ts';
import { ed25519PrivateKey, generateEd25519KeyPair } from './sign-ed25519.ts';

const key = () => ed25519PrivateKey(generateEd25519KeyPair().secretKey);

describe('Ed25519KeyCache', () => {
  it('returns the very KeyObject it was given, by secret id', () => {
    const cache = new Ed25519KeyCache();
    const k = key();
    cache.set('sec_a', k);
    expect(cache.get('sec_a')).toBe(k);
    expect(cache.get('sec_b')).toBeUndefined();
  });

  it('keeps at most maxKeys, dropping the least recently used', () => {
    const cache = new Ed25519KeyCache(2);
    const [a, b, c] = [key(), key(), key()];
    cache.set('a', a);
    cache.set('b', b);
    expect(cache.get('a')).toBe(a); // a is now the most recently used
    cache.set('c', c);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
    expect(cache.get('c')).toBe(c);
  });
});
