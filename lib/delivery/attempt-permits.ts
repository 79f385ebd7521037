// How many webhook requests one worker has in flight: WORKER_CONCURRENCY, whatever jobs
// carry them. graphile-worker's concurrency counts jobs, and a fan-out job carries up to
// FAN_OUT_JOB_SIZE deliveries (lib/queue/deliver-job.ts): without a bound per request,
// 32 jobs of 4 made 128 attempts at once, 33 to each endpoint against its cap of 8, and
// the drain put back 70,000 jobs for 50,000 deliveries (1,127/s, from ~2,100/s).
//
// A permit covers the endpoint slot's check and the request (lib/delivery/attempt-delivery.ts):
// not the wait for a busy endpoint's slot, a put-back, or the record of the attempt.
// Held over those too, the permits ran out in the first half-second beside an endpoint
// that hangs and one that answers 500 (their deliveries waiting for slots and queueing
// on the failing endpoint's row lock), and healthy endpoints' deliveries waited for them
// (bench: isolation, p99 of that half-second 146–174 ms against 9–40 ms later).
//
// The first-attempt reservation holds here as it does for jobs (worker/start-worker.ts):
// retries may hold at most `total - reserved` permits, so a backlog of retries to an
// endpoint that hangs leaves `reserved` of them to fresh events. Waiters are served
// first come, first served among those a free permit may go to.
import type { Lane } from '../queue/deliver-job.ts';
import { env } from '../env.ts';
import { endpointIsFast, FAST_ATTEMPT_MS, firstAttemptSlots, tryTakeSlot, waitForSlot, type Slot } from './endpoint-slots.ts';

export type Permit = { release(): void };

/** The worker stopped while a delivery waited for a permit (attempt-delivery.ts puts it back). */
export class PermitWaitAborted extends Error {
  constructor() {
    super('the worker stopped while this delivery waited for a free slot');
  }
}

export type AttemptPermits = {
  take(lane: Lane, signal?: AbortSignal): Promise<Permit>;
  /** Permits held, and by retries. */
  readonly inUse: { total: number; retry: number; waiting: number };
};

export function attemptPermits(total: number, reserved: number): AttemptPermits {
  const retryLimit = Math.max(1, total - reserved);
  const inUse = { total: 0, retry: 0, waiting: 0 };
  const waiters: { lane: Lane; grant: () => void }[] = [];
  const allowed = (lane: Lane) => inUse.total < total && (lane === 'first' || inUse.retry < retryLimit);
  const grant = (lane: Lane): Permit => {
    inUse.total++;
    if (lane === 'retry') inUse.retry++;
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        inUse.total--;
        if (lane === 'retry') inUse.retry--;
        const next = waiters.findIndex((waiter) => allowed(waiter.lane));
        if (next >= 0) waiters.splice(next, 1)[0]!.grant();
      },
    };
  };
  return {
    inUse,
    take(lane, signal) {
      if (signal?.aborted) return Promise.reject(new PermitWaitAborted());
      // Every waiter is one no free permit may go to (release() hands each freed one on).
      if (allowed(lane)) return Promise.resolve(grant(lane));
      return new Promise((resolve, reject) => {
        const waiter = {
          lane,
          grant: () => {
            inUse.waiting--;
            signal?.removeEventListener('abort', abort);
            resolve(grant(lane));
          },
        };
        const abort = () => {
          const index = waiters.indexOf(waiter);
          if (index < 0) return;
          waiters.splice(index, 1);
          inUse.waiting--;
          reject(new PermitWaitAborted());
        };
        signal?.addEventListener('abort', abort, { once: true });
        inUse.waiting++;
        waiters.push(waiter);
      });
    },
  };
}

// This process's permits, from WORKER_CONCURRENCY and FIRST_ATTEMPT_CONCURRENCY (made
// again if a test changes them).
let current: { key: string; permits: AttemptPermits } | undefined;

export function workerPermits(): AttemptPermits {
  const e = env();
  const key = `${e.WORKER_CONCURRENCY} ${e.FIRST_ATTEMPT_CONCURRENCY}`;
  if (current?.key !== key) current = { key, permits: attemptPermits(e.WORKER_CONCURRENCY, firstAttemptSlots(e.WORKER_CONCURRENCY, e.FIRST_ATTEMPT_CONCURRENCY)) };
  return current.permits;
}

/**
 * One of the worker's WORKER_CONCURRENCY permits, then a slot on the endpoint. The permit
 * comes first: a delivery the worker has no room for waits for it here, in line, rather
 * than finding its endpoint at the cap and being put back.
 *
 * A delivery that finds its endpoint at the cap keeps its permit while it waits for a
 * slot only when the endpoint is proven fast (the wait is short; the permits bound how
 * many wait). Otherwise it gives the permit back meanwhile and takes one again once it
 * has the slot: beside an endpoint that hangs, those waits held the permits healthy endpoints' deliveries needed (bench:
 * isolation). Not for a fast one: each delivery that gave its permit back let the next
 * in line find the same endpoint full, until as many waited as were in flight and the
 * rest were put back (a drain: 19,510 put-backs for 50,000 deliveries, 1,248–1,405/s).
 * Neither slot nor permit when the endpoint stays busy: the caller puts the delivery back.
 */
export async function takeSlotAndPermit(permits: AttemptPermits, endpointId: string, cap: number, lane: Lane, shutdown?: AbortSignal): Promise<{ slot: Slot | null; permit: Permit | null }> {
  const permit = await permits.take(lane, shutdown);
  const slot = tryTakeSlot(endpointId, cap);
  if (slot) return { slot, permit };
  if (endpointIsFast(endpointId)) {
    // As many may wait as hold permits: put back instead, a delivery to an endpoint
    // answering in a millisecond waited ≥ 50 ms and cost a statement (end to end at 500
    // events/s on a busy host: p99 0.7–2.7 s).
    const waited = await waitForSlot(endpointId, 2 * FAST_ATTEMPT_MS, shutdown, { unbounded: true });
    if (waited) return { slot: waited, permit };
    permit.release();
    return { slot: null, permit: null };
  }
  permit.release();
  const waited = await waitForSlot(endpointId, 2 * FAST_ATTEMPT_MS, shutdown);
  if (!waited) return { slot: null, permit: null };
  try {
    return { slot: waited, permit: await permits.take(lane, shutdown) };
  } catch (error) {
    waited.release();
    throw error;
  }
}
