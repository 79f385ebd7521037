import { describe, it, expect } from 'vitest';
import { parseRetryAfter } from './retry-after.ts';

const NOW = new Date('2015-10-21T07:28:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5_000);
  });

  it('reads the three HTTP-date forms as ms from now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:30:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:30:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfter('Wed Oct 21 07:30:00 2015', NOW)).toBe(120_000);
  });

  it('reads a date in the past as "no wait"', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', NOW)).toBe(0);
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['30', '60'], NOW)).toBe(30_000);
  });

  it('returns null when absent', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter([], NOW)).toBeNull();
  });

  // Several of these Date.parse would accept; RFC 9110 does not.
  it.each(['', ' ', '-5', '1.5', '5s', '0x10', '+5', 'soon', '2015-10-21T07:30:00Z', '21 Oct 2015', 'Wed, 21 Oct 2015 07:30:00 PST', 'Foo, 99 Bar 2015 07:30:00 GMT'])(
    'returns null for junk %j',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeNull();
    },
  );

  it('returns null for a delta too large to represent exactly', () => {
    expect(parseRetryAfter('9'.repeat(20), NOW)).toBeNull();
  });

  it('compares dates with the real clock by default', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:30:00 GMT')).toBe(0);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT')).toBeGreaterThan(0);
  });
});
