// Per-endpoint concurrency inside one worker. Without it, a dead endpoint that makes
// every attempt wait the full timeout (15 s) would fill all WORKER_CONCURRENCY slots
// and healthy endpoints would queue behind it. An attempt that finds a slow endpoint at
// the cap is put back in the queue for a while instead, without an attempt; one that
// finds a fast endpoint at the cap waits here a moment for the next free slot, since
// putting it back costs more than the wait (a statement, and a place at the back of the
// queue: the bench's drain spent its last 9 s on such jobs, 54k job runs for 16k
// deliveries to one endpoint).

type Waiter = { grant: () => void; refuse: () => void };
type EndpointSlots = { starts: number[]; waiters: Waiter[] };

// Start times of the attempts in flight (oldest first) and the jobs waiting, per endpoint.
const endpoints = new Map<string, EndpointSlots>();

/** An endpoint whose attempts end within this long is worth waiting for. */
export const FAST_ATTEMPT_MS = 250;

export type Slot = { release(): void };

/**
 * A slot on this endpoint now, or null when it already has `cap` attempts in flight —
 * or one, when its last attempt failed: a failing endpoint gets one attempt at a time
 * from this worker until one succeeds. It is not sent a burst it will refuse, and the
 * worker's slots are not spent waiting for its failures to be recorded one after the
 * other (each locks the endpoint's row): beside an endpoint answering 500, ~12 of the 32
 * slots did that in the first second (bench: isolation).
 */
export function tryTakeSlot(endpointId: string, cap: number): Slot | null {
  const state = endpoints.get(endpointId) ?? { starts: [], waiters: [] };
  if (state.starts.length >= (lastFailed.has(endpointId) ? 1 : cap)) return null;
  state.starts.push(Date.now());
  endpoints.set(endpointId, state);
  return slot(endpointId);
}

/**
 * A slot on a fast endpoint at its cap, waited for at most `maxWaitMs` (first come,
 * first served); null at once for an endpoint that is slow or already has as many jobs
 * waiting as attempts in flight, and null when the wait runs out or `signal` aborts
 * (the worker stopping).
 */
export function waitForSlot(endpointId: string, maxWaitMs: number, signal?: AbortSignal, options: { unbounded?: boolean } = {}): Promise<Slot | null> {
  const state = endpoints.get(endpointId);
  // At most as many waiting as in flight: an endpoint that turns out to hang holds at
  // most twice its cap of the worker's slots meanwhile. Without the bound, a burst to an
  // endpoint that hangs (it looks fast until its oldest attempt is 250 ms old) filled
  // every slot with jobs waiting 500 ms, and healthy endpoints' deliveries waited
  // behind them (bench: isolation, the first seconds). `unbounded`: the caller's wait
  // is bounded otherwise (it holds one of the worker's permits, attempt-permits.ts).
  if (!state || (!options.unbounded && state.waiters.length >= state.starts.length) || !isFast(endpointId, state) || signal?.aborted) return Promise.resolve(null);
  // No attempt to it has finished yet: it is fast only until its oldest attempt in flight
  // has run FAST_ATTEMPT_MS, so wait no longer than that (jobs for an endpoint that turned
  // out to hang had held 8 slots for the whole wait; bench: isolation).
  const oldest = state.starts[0];
  const waitMs = recentDuration.has(endpointId) || oldest === undefined ? maxWaitMs : Math.min(maxWaitMs, FAST_ATTEMPT_MS - (Date.now() - oldest));
  return new Promise((resolve) => {
    const giveUp = () => {
      const index = state.waiters.indexOf(waiter);
      if (index >= 0) state.waiters.splice(index, 1);
      done();
      resolve(null);
    };
    const waiter: Waiter = {
      grant: () => {
        done();
        resolve(slot(endpointId));
      },
      refuse: giveUp,
    };
    const timer = setTimeout(giveUp, waitMs);
    signal?.addEventListener('abort', giveUp, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', giveUp);
    };
    state.waiters.push(waiter);
  });
}

function slot(endpointId: string): Slot {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      releaseSlot(endpointId);
    },
  };
}

function releaseSlot(endpointId: string): void {
  const state = endpoints.get(endpointId);
  if (!state) return;
  // Which attempt ended doesn't matter much: the oldest one is the likeliest.
  state.starts.shift();
  const next = state.waiters.shift();
  if (next) {
    // Handed straight to the first waiter, so a job arriving meanwhile can't take it.
    state.starts.push(Date.now());
    next.grant();
  } else if (state.starts.length === 0) endpoints.delete(endpointId);
}

/** Whether this endpoint has shown itself fast (below) and still looks it: its jobs that
 *  find it at the cap are a burst it will soon have served, not a backlog for an
 *  endpoint that holds its slots. One none of whose attempts has finished yet may be
 *  hanging, so it doesn't count: at the isolation bench's onset, the hanging endpoint's
 *  jobs went back at their lane's priority, came back within 50 ms and were put back again. */
export function endpointIsFast(endpointId: string): boolean {
  if (!recentDuration.has(endpointId)) return false;
  const state = endpoints.get(endpointId);
  return state ? isFast(endpointId, state) : !lastFailed.has(endpointId);
}

/** How long a job put back for a fast endpoint at its cap waits at least (busyDelay's
 *  minimum for those; ENDPOINT_BUSY_DELAY for the rest). */
export const FAST_BUSY_DELAY_MS = 50;

/** Attempts end quickly lately (or none has ended yet), the last one succeeded, and none
 *  in flight has run long: a burst of jobs for an endpoint not seen before waits too, and
 *  if it hangs, the wait ends after `maxWaitMs` and the jobs are put back like any others.
 *  A failing endpoint's jobs are put back at once: they read its circuit when loaded, and
 *  a job that waited here might send on a circuit that opened meanwhile. */
function isFast(endpointId: string, state: EndpointSlots): boolean {
  const recent = recentDuration.get(endpointId) ?? 0;
  const oldest = state.starts[0];
  return recent < FAST_ATTEMPT_MS && !lastFailed.has(endpointId) && (oldest === undefined || Date.now() - oldest < FAST_ATTEMPT_MS);
}

/** FIRST_ATTEMPT_CONCURRENCY, or a quarter of the slots; always leaves one for retries. */
export function firstAttemptSlots(concurrency: number, configured?: number): number {
  return Math.min(configured ?? Math.floor(concurrency / 4), concurrency - 1);
}

/** ENDPOINT_CONCURRENCY, or a quarter of the worker's slots (at least 1). */
export function endpointCap(workerConcurrency: number, configured?: number): number {
  return configured ?? Math.max(1, Math.ceil(workerConcurrency / 4));
}

// How long attempts to each endpoint take lately (exponentially weighted): a job that
// finds its endpoint at the cap waits about that long before looking again, so jobs for
// an endpoint that hangs until the timeout don't come back every second to find it full.
const recentDuration = new Map<string, number>();
const lastFailed = new Set<string>();

/** How an attempt went: before its slot is released. A failure sends the jobs waiting
 *  for this endpoint back to the queue (see isFast). */
export function noteAttempt(endpointId: string, ms: number, ok: boolean): void {
  const previous = recentDuration.get(endpointId);
  recentDuration.set(endpointId, previous === undefined ? ms : previous * 0.8 + ms * 0.2);
  if (ok) {
    lastFailed.delete(endpointId);
    return;
  }
  lastFailed.add(endpointId);
  const state = endpoints.get(endpointId);
  for (const waiter of state?.waiters.splice(0) ?? []) waiter.refuse();
}

// Where the last job put back for each endpoint will look again (epoch ms).
const nextTurn = new Map<string, number>();
// Beyond this, a job put back looks again then and takes a new turn: a slow endpoint that
// recovers without a circuit having opened gets its backlog within this long.
const MAX_TURN_AHEAD_MS = 5 * 60_000;

/**
 * How long a job that finds its endpoint at the cap waits before looking again: about as
 * long as the endpoint's attempts take (at least as long as the oldest in flight has run:
 * before any attempt to an endpoint that hangs has ended, that is the best guess), and
 * after the jobs put back before it, spaced by how often the endpoint frees a slot
 * (duration / cap). Without the spacing every waiting job came back each round: 200
 * events/s to an endpoint that hangs for 5 s meant ~2,000 jobs put back again every 5 s,
 * and the database work slowed every healthy endpoint's deliveries (bench: isolation).
 */
export function busyDelay(endpointId: string, minimumMs: number, cap: number): number {
  const now = Date.now();
  const oldest = endpoints.get(endpointId)?.starts[0];
  const running = oldest === undefined ? 0 : now - oldest;
  const duration = Math.max(minimumMs, recentDuration.get(endpointId) ?? 0, running);
  const soonest = now + duration * (0.5 + Math.random());
  const turn = Math.min(Math.max(soonest, (nextTurn.get(endpointId) ?? 0) + duration / cap), now + MAX_TURN_AHEAD_MS);
  nextTurn.set(endpointId, turn);
  return turn - now;
}
