import { describe, it, expect } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextAttemptDelay, type RetryPolicy } from './retry-schedule.ts';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const FIRST = new Date('2025-01-01T00:00:00Z');
const NOW = new Date(FIRST.getTime() + M);

const at = (attemptsMade: number, extra: Partial<Parameters<typeof nextAttemptDelay>[0]> = {}) =>
  nextAttemptDelay({ attemptsMade, firstAttemptAt: FIRST, now: NOW, policy: DEFAULT_RETRY_POLICY, ...extra });

// Deterministic stand-in for Math.random: a simple LCG over [0, 1).
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('DEFAULT_RETRY_POLICY', () => {
  it('is the product schedule', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      delaysMs: [10 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 30 * M, H, 2 * H, 4 * H, 8 * H, 12 * H],
      jitter: 0.2,
      maxIntervalMs: 12 * H,
      maxAgeMs: 72 * H,
      maxAttempts: 20,
    });
  });
});

describe('nextAttemptDelay', () => {
  const expected = [10 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 30 * M, H, 2 * H, 4 * H, 8 * H];

  it.each(expected.map((delay, i) => [i + 1, delay]))(
    'after attempt %i waits %i ms ±20 %% (random 0 / 0.5 / 1)',
    (attemptsMade, delay) => {
      expect(at(attemptsMade, { random: () => 0 })).toBe(Math.round(delay * 0.8));
      expect(at(attemptsMade, { random: () => 0.5 })).toBe(delay);
      expect(at(attemptsMade, { random: () => 1 })).toBe(Math.round(delay * 1.2));
    },
  );

  it('12 h: the upper jitter is cut by the 12 h cap', () => {
    expect(at(12, { random: () => 0 })).toBe(12 * H * 0.8);
    expect(at(12, { random: () => 0.5 })).toBe(12 * H);
    expect(at(12, { random: () => 1 })).toBe(12 * H);
  });

  it('attempt 1 goes at once', () => {
    expect(at(0)).toBe(0);
  });

  it('stays within the jitter bounds over many draws, and uses the whole range', () => {
    const random = seeded(42);
    const draws = Array.from({ length: 5000 }, () => at(3, { random })!);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0.8 * M);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1.2 * M);
    // Uniform spread: both tails are reached and the mean sits near 1 min.
    expect(Math.min(...draws)).toBeLessThan(0.81 * M);
    expect(Math.max(...draws)).toBeGreaterThan(1.19 * M);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean - M)).toBeLessThan(0.01 * M);
  });

  it('repeats the last delay', () => {
    const policy: RetryPolicy = { delaysMs: [S, 5 * S], jitter: 0, maxIntervalMs: H, maxAgeMs: 100 * H, maxAttempts: 100 };
    const delays = [1, 2, 3, 4, 50].map((n) => at(n, { policy }));
    expect(delays).toEqual([S, 5 * S, 5 * S, 5 * S, 5 * S]);
    expect(at(19, { random: () => 0.5 })).toBe(12 * H);
  });

  it('caps every delay at maxIntervalMs', () => {
    const policy: RetryPolicy = { delaysMs: [10 * S, 2 * H], jitter: 0.2, maxIntervalMs: H, maxAgeMs: 100 * H, maxAttempts: 10 };
    expect(at(2, { policy, random: () => 0 })).toBe(H);
    expect(at(1, { policy, random: () => 1 })).toBe(12 * S);
  });

  it('stops when the attempts run out', () => {
    expect(at(19, { random: () => 0.5 })).toBe(12 * H);
    expect(at(20)).toBeNull();
    expect(at(25)).toBeNull();
  });

  it('stops when the next attempt would land after maxAge', () => {
    const policy: RetryPolicy = { delaysMs: [H], jitter: 0, maxIntervalMs: H, maxAgeMs: 10 * H, maxAttempts: 100 };
    const now = (ms: number) => new Date(FIRST.getTime() + ms);
    expect(at(5, { policy, now: now(9 * H) })).toBe(H); // lands exactly at the 10 h limit
    expect(at(5, { policy, now: now(9 * H + 1) })).toBeNull();
    expect(at(1, { now: new Date(FIRST.getTime() + 72 * H - 5 * S), random: () => 0.5 })).toBeNull();
  });

  it('treats Retry-After as a floor', () => {
    expect(at(1, { random: () => 0.5, retryAfterMs: 120 * S })).toBe(120 * S);
    // A shorter Retry-After does not pull the schedule in.
    expect(at(7, { random: () => 0.5, retryAfterMs: 5 * S })).toBe(30 * M);
    expect(at(1, { random: () => 0.5, retryAfterMs: null })).toBe(10 * S);
    expect(at(1, { random: () => 0.5, retryAfterMs: 0 })).toBe(10 * S);
  });

  it('caps Retry-After at maxIntervalMs', () => {
    expect(at(1, { retryAfterMs: 48 * H })).toBe(12 * H);
  });

  it('gives up when Retry-After pushes past maxAge', () => {
    const now = new Date(FIRST.getTime() + 70 * H);
    expect(at(1, { now, random: () => 0.5, retryAfterMs: 3 * H })).toBeNull();
    expect(at(1, { now, random: () => 0.5, retryAfterMs: H })).toBe(H);
  });

  it('refuses a policy with no delays', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, delaysMs: [] };
    expect(() => at(1, { policy })).toThrow(/at least one delay/);
  });
});
