import { describe, expect, it } from 'vitest';
import { circuitAfterFailure, cooldownAfter } from './circuit-breaker.ts';

const policy = { threshold: 3, cooldownMs: 1_000, maxCooldownMs: 5_000 };
const now = new Date('2026-11-24T00:00:00Z');

describe('circuitAfterFailure', () => {
  it('stays closed below the threshold and opens on the failure that reaches it', () => {
    expect(circuitAfterFailure({ state: 'closed', consecutiveFailures: 1, trips: 0 }, policy, now)).toEqual({ state: 'closed', trips: 0, retryAt: null, opened: false });
    expect(circuitAfterFailure({ state: 'closed', consecutiveFailures: 2, trips: 0 }, policy, now)).toEqual({
      state: 'open',
      trips: 0,
      retryAt: new Date(now.getTime() + 1_000),
      opened: true,
    });
  });

  it('reopens after a failed probe for twice as long, without reporting a new opening', () => {
    expect(circuitAfterFailure({ state: 'half_open', consecutiveFailures: 7, trips: 0 }, policy, now)).toEqual({
      state: 'open',
      trips: 1,
      retryAt: new Date(now.getTime() + 2_000),
      opened: false,
    });
  });

  it('leaves an open circuit alone: a failure of an attempt that started before it opened', () => {
    expect(circuitAfterFailure({ state: 'open', consecutiveFailures: 9, trips: 2 }, policy, now)).toEqual({ state: 'open', trips: 2, retryAt: null, opened: false });
  });

  it('never opens with threshold 0', () => {
    expect(circuitAfterFailure({ state: 'closed', consecutiveFailures: 10_000, trips: 0 }, { ...policy, threshold: 0 }, now).state).toBe('closed');
  });
});

describe('cooldownAfter', () => {
  it('doubles per failed probe up to the maximum', () => {
    expect([0, 1, 2, 3, 50].map((trips) => cooldownAfter(trips, policy))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });
});
