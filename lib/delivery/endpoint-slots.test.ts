import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { busyDelay, endpointIsFast, FAST_ATTEMPT_MS, noteAttempt, tryTakeSlot, waitForSlot } from './endpoint-slots.ts';

let n = 0;
const newEndpoint = () => `ep_slots_${++n}`;

describe('endpoint slots', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts an endpoint fast once an attempt to it has ended quickly, while none fails or runs long', () => {
    const ep = newEndpoint();
    // Nothing finished yet: it may be hanging.
    tryTakeSlot(ep, 4);
    expect(endpointIsFast(ep)).toBe(false);
    noteAttempt(ep, 5, true);
    expect(endpointIsFast(ep)).toBe(true);
    vi.advanceTimersByTime(FAST_ATTEMPT_MS + 1);
    // The attempt still in flight has now run long.
    expect(endpointIsFast(ep)).toBe(false);
    const other = newEndpoint();
    noteAttempt(other, 5, true);
    expect(endpointIsFast(other)).toBe(true);
    noteAttempt(other, 5, false);
    expect(endpointIsFast(other)).toBe(false);
  });

  it('gives at most `cap` slots, and a released one again', () => {
    const ep = newEndpoint();
    const a = tryTakeSlot(ep, 2);
    const b = tryTakeSlot(ep, 2);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(tryTakeSlot(ep, 2)).toBeNull();
    a!.release();
    a!.release(); // twice is once
    expect(tryTakeSlot(ep, 2)).not.toBeNull();
    expect(tryTakeSlot(ep, 2)).toBeNull();
  });

  it('hands a freed slot of a fast endpoint to the waiters in arrival order', async () => {
    const ep = newEndpoint();
    noteAttempt(ep, 5, true);
    const held = tryTakeSlot(ep, 2)!;
    tryTakeSlot(ep, 2);
    const order: string[] = [];
    const first = waitForSlot(ep, 500).then((slot) => (order.push('first'), slot));
    const second = waitForSlot(ep, 500).then((slot) => (order.push('second'), slot));
    held.release();
    const got = await first;
    expect(got).not.toBeNull();
    // The freed slot went to the waiter, not to whoever asks next.
    expect(tryTakeSlot(ep, 2)).toBeNull();
    got!.release();
    expect(await second).not.toBeNull();
    expect(order).toEqual(['first', 'second']);
  });

  it('lets no more jobs wait for an endpoint than it has attempts in flight', async () => {
    const ep = newEndpoint();
    noteAttempt(ep, 5, true);
    const held = [tryTakeSlot(ep, 2)!, tryTakeSlot(ep, 2)!];
    const waiting = [waitForSlot(ep, 500), waitForSlot(ep, 500)];
    // A third job goes back to the queue at once instead of holding a worker slot.
    expect(await waitForSlot(ep, 500)).toBeNull();
    // Unless its caller bounds the waits itself (it holds a worker permit while it waits).
    const unbounded = waitForSlot(ep, 500, undefined, { unbounded: true });
    held.forEach((slot) => slot.release());
    expect((await Promise.all(waiting)).every((slot) => slot !== null)).toBe(true);
    (await Promise.all(waiting)).forEach((slot) => slot!.release());
    expect(await unbounded).not.toBeNull();
  });

  it('waits for an endpoint with no finished attempt only until its oldest attempt stops looking fast', async () => {
    const ep = newEndpoint();
    tryTakeSlot(ep, 1);
    vi.advanceTimersByTime(FAST_ATTEMPT_MS - 50);
    let settled: unknown = 'pending';
    const waiting = waitForSlot(ep, 500).then((slot) => (settled = slot));
    vi.advanceTimersByTime(49);
    await Promise.resolve();
    expect(settled).toBe('pending');
    vi.advanceTimersByTime(1);
    await waiting;
    // Given up after 50 ms, not after the 500 asked for.
    expect(settled).toBeNull();
  });

  it('gives an endpoint whose last attempt failed one slot at a time, and its cap back after a success', () => {
    const ep = newEndpoint();
    noteAttempt(ep, 5, false);
    const only = tryTakeSlot(ep, 4);
    expect(only).not.toBeNull();
    expect(tryTakeSlot(ep, 4)).toBeNull();
    only!.release();
    const next = tryTakeSlot(ep, 4)!;
    noteAttempt(ep, 5, true);
    next.release();
    const slots = [tryTakeSlot(ep, 4), tryTakeSlot(ep, 4), tryTakeSlot(ep, 4), tryTakeSlot(ep, 4)];
    expect(slots.every((slot) => slot !== null)).toBe(true);
    expect(tryTakeSlot(ep, 4)).toBeNull();
  });

  it('does not wait for an endpoint whose attempts are slow', async () => {
    const ep = newEndpoint();
    noteAttempt(ep, 5_000, true);
    tryTakeSlot(ep, 1);
    expect(await waitForSlot(ep, 500)).toBeNull();
  });

  it('does not wait once an attempt in flight has run longer than a fast one takes', async () => {
    const ep = newEndpoint();
    tryTakeSlot(ep, 1);
    vi.advanceTimersByTime(FAST_ATTEMPT_MS + 1);
    expect(await waitForSlot(ep, 500)).toBeNull();
  });

  it('sends the waiting jobs of an endpoint back when an attempt fails, and waits for it no more', async () => {
    const ep = newEndpoint();
    noteAttempt(ep, 5, true);
    const held = tryTakeSlot(ep, 1)!;
    const waiting = waitForSlot(ep, 500);
    noteAttempt(ep, 5, false);
    expect(await waiting).toBeNull();
    expect(await waitForSlot(ep, 500)).toBeNull();
    // A success makes it worth waiting for again.
    noteAttempt(ep, 5, true);
    const again = waitForSlot(ep, 500);
    held.release();
    expect(await again).not.toBeNull();
  });

  it('gives up after the wait, and when the worker stops', async () => {
    const ep = newEndpoint();
    const held = tryTakeSlot(ep, 1)!;
    const timedOut = waitForSlot(ep, 100);
    vi.advanceTimersByTime(100);
    expect(await timedOut).toBeNull();

    const stop = new AbortController();
    const stopped = waitForSlot(ep, 10_000, stop.signal);
    stop.abort();
    expect(await stopped).toBeNull();

    // Nobody waits any more: the freed slot is simply free.
    held.release();
    expect(tryTakeSlot(ep, 1)).not.toBeNull();
  });

  it('spaces the jobs put back for a busy endpoint by how often it frees a slot', () => {
    const ep = newEndpoint();
    noteAttempt(ep, 5_000, false); // attempts take 5 s: with 4 slots, one frees every 1.25 s
    const delays = Array.from({ length: 100 }, () => busyDelay(ep, 1_000, 4));
    // The first looks again after 2.5–7.5 s (jitter); each later one at least 1.25 s after
    // the one before, and exactly that once the queue of turns is past the jitter.
    expect(delays[0]).toBeGreaterThanOrEqual(2_500);
    expect(delays[0]).toBeLessThanOrEqual(7_500);
    for (let i = 1; i < delays.length; i++) expect(delays[i]! - delays[i - 1]!).toBeGreaterThanOrEqual(1_250);
    for (let i = 10; i < delays.length; i++) expect(delays[i]! - delays[i - 1]!).toBe(1_250);
    // Never further ahead than 5 minutes.
    expect(Math.max(...Array.from({ length: 300 }, () => busyDelay(ep, 1_000, 4)))).toBe(5 * 60_000);
  });
});
