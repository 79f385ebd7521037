import { describe, expect, it } from 'vitest';
import { idTimePrefix, newId } from './ids.ts';

describe('newId', () => {
  it('is the kind, the time, then 16 characters of Crockford base32', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0);
    const id = newId('attempt', now);
    expect(id.startsWith(idTimePrefix('attempt', now))).toBe(true);
    expect(id).toMatch(/^atm_[0-9A-HJKMNP-TV-Z]{10}[0-9A-HJKMNP-TV-Z]{16}$/);
  });

  it('draws fresh random bytes for every id, across refills of its pool', () => {
    // 256 ids use one 4 KiB draw; 1,000 span four of them.
    const now = Date.now();
    const ids = Array.from({ length: 1_000 }, () => newId('attempt', now));
    expect(new Set(ids).size).toBe(ids.length);
    // Every character of the alphabet turns up in the random parts (16,000 draws of 32).
    const used = new Set(ids.flatMap((id) => [...id.slice(-16)]));
    expect(used.size).toBe(32);
  });
});
