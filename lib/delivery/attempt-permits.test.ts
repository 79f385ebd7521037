import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { attemptPermits, PermitWaitAborted, takeSlotAndPermit } from './attempt-permits.ts';
import { noteAttempt, tryTakeSlot } from './endpoint-slots.ts';

const settled = async <T>(promise: Promise<T>) => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('attemptPermits', () => {
  it('hands out `total` permits and the next one when one is released, first come first served', async () => {
    const permits = attemptPermits(2, 0);
    const a = await permits.take('first');
    await permits.take('first');
    const third = permits.take('first');
    const fourth = permits.take('first');
    expect(await settled(third)).toBe(false);
    expect(permits.inUse).toEqual({ total: 2, retry: 0, waiting: 2 });
    a.release();
    a.release(); // twice is once
    expect(await settled(third)).toBe(true);
    expect(await settled(fourth)).toBe(false);
    expect(permits.inUse).toEqual({ total: 2, retry: 0, waiting: 1 });
  });

  it('keeps `reserved` permits for first attempts: retries hold at most total − reserved', async () => {
    const permits = attemptPermits(4, 1);
    const retries = [await permits.take('retry'), await permits.take('retry'), await permits.take('retry')];
    const fourthRetry = permits.take('retry');
    expect(await settled(fourthRetry)).toBe(false);
    // The reserved one still goes to a first attempt, past the waiting retry.
    const first = await permits.take('first');
    expect(permits.inUse).toEqual({ total: 4, retry: 3, waiting: 1 });
    // A freed permit goes to the first waiter it may go to.
    const waitingFirst = permits.take('first');
    first.release();
    expect(await settled(waitingFirst)).toBe(true);
    expect(await settled(fourthRetry)).toBe(false);
    retries[0]!.release();
    expect(await settled(fourthRetry)).toBe(true);
    expect(permits.inUse).toEqual({ total: 4, retry: 3, waiting: 0 });
  });

  it('stops waiting when the worker stops, and leaves the count as it was', async () => {
    const permits = attemptPermits(1, 0);
    const held = await permits.take('first');
    const stop = new AbortController();
    const waiting = permits.take('first', stop.signal);
    stop.abort();
    await expect(waiting).rejects.toBeInstanceOf(PermitWaitAborted);
    await expect(permits.take('first', stop.signal)).rejects.toBeInstanceOf(PermitWaitAborted);
    expect(permits.inUse).toEqual({ total: 1, retry: 0, waiting: 0 });
    held.release();
    expect(permits.inUse.total).toBe(0);
    await permits.take('first');
    expect(permits.inUse.total).toBe(1);
  });
});

describe('takeSlotAndPermit', () => {
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  const endpoint = () => `ep_${randomUUID()}`;

  it('takes a permit, then a free slot', async () => {
    const permits = attemptPermits(2, 0);
    const { slot, permit } = await takeSlotAndPermit(permits, endpoint(), 1, 'first');
    expect(slot).not.toBeNull();
    expect(permit).not.toBeNull();
    expect(permits.inUse.total).toBe(1);
  });

  it('keeps its permit while it waits for a proven-fast endpoint\'s slot, as many waiting as hold permits', async () => {
    const permits = attemptPermits(3, 0);
    const id = endpoint();
    noteAttempt(id, 5, true);
    const held = tryTakeSlot(id, 1)!;
    // Two wait behind the one in flight: more than endpoint-slots' own bound (as many as in flight).
    const taking = [takeSlotAndPermit(permits, id, 1, 'first'), takeSlotAndPermit(permits, id, 1, 'first')];
    await flush();
    expect(permits.inUse).toMatchObject({ total: 2, waiting: 0 });
    held.release();
    const first = await taking[0]!;
    expect(first.slot).not.toBeNull();
    expect(first.permit).not.toBeNull();
    first.slot!.release();
    first.permit!.release();
    const second = await taking[1]!;
    expect(second.slot).not.toBeNull();
    expect(permits.inUse.total).toBe(1);
  });

  it('gives its permit back while it waits for an endpoint not proven fast, and takes one again with the slot', async () => {
    const permits = attemptPermits(1, 0);
    const id = endpoint();
    // An attempt of someone else's just started; none has finished: it may be hanging.
    const held = tryTakeSlot(id, 1)!;
    const taking = takeSlotAndPermit(permits, id, 1, 'first');
    await flush();
    expect(permits.inUse.total).toBe(0);
    // Meanwhile the one permit goes to a delivery that can be sent.
    const other = await takeSlotAndPermit(permits, endpoint(), 1, 'first');
    expect(other.permit).not.toBeNull();
    other.permit!.release();
    other.slot!.release();
    held.release();
    const { slot, permit } = await taking;
    expect(slot).not.toBeNull();
    expect(permit).not.toBeNull();
    expect(permits.inUse.total).toBe(1);
  });

  it('holds neither when the endpoint is busy and not worth waiting for (its last attempt failed)', async () => {
    const permits = attemptPermits(2, 0);
    const id = endpoint();
    noteAttempt(id, 5, false);
    const held = tryTakeSlot(id, 8)!;
    expect(await takeSlotAndPermit(permits, id, 8, 'first')).toEqual({ slot: null, permit: null });
    expect(permits.inUse.total).toBe(0);
    held.release();
  });
});
