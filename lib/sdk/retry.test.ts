import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, parseRetryAfter, retryDelayMs, shouldRetry } from './retry.ts';

describe('shouldRetry', () => {
  it('retries a refusal (429, 503) for any request', () => {
    for (const repeatable of [true, false]) {
      expect(shouldRetry(429, repeatable)).toBe(true);
      expect(shouldRetry(503, repeatable)).toBe(true);
    }
  });

  it('retries a lost answer (502, 504, no answer) only when sending twice is harmless', () => {
    for (const status of [502, 504, undefined]) {
      expect(shouldRetry(status, true)).toBe(true);
      expect(shouldRetry(status, false)).toBe(false);
    }
  });

  it('never retries other answers', () => {
    for (const status of [200, 400, 401, 404, 409, 413, 500, 501]) expect(shouldRetry(status, true)).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('is exactly Retry-After when the server sent one', () => {
    expect(retryDelayMs(1, 3, () => 0.5)).toBe(3000);
    expect(retryDelayMs(5, 0, () => 0.5)).toBe(0);
  });

  it('doubles from 0.5 s up to 8 s, scaled by 50–100 %', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n, undefined, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, undefined, () => 0))).toEqual([250, 500, 1000]);
    expect(retryDelayMs(20, undefined, () => 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
