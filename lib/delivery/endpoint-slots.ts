// Per-endpoint concurrency inside one worker. Without it, a dead endpoint that makes
// every attempt wait the full timeout (15 s) would fill all WORKER_CONCURRENCY slots
// and healthy endpoints would queue behind it. An attempt that finds its endpoint at
// the cap is put back in the queue for a moment instead, without an attempt.
// Start times of the attempts in flight, per endpoint (oldest first).
const inFlight = new Map<string, number[]>();

export function tryTakeSlot(endpointId: string, cap: number): boolean {
  const starts = inFlight.get(endpointId) ?? [];
  if (starts.length >= cap) return false;
  starts.push(Date.now());
  inFlight.set(endpointId, starts);
  return true;
}

export function releaseSlot(endpointId: string): void {
  const starts = inFlight.get(endpointId);
  if (!starts || starts.length <= 1) inFlight.delete(endpointId);
  // Which attempt ended doesn't matter much: the oldest one is the likeliest.
  else starts.shift();
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

export function noteAttemptDuration(endpointId: string, ms: number): void {
  const previous = recentDuration.get(endpointId);
  recentDuration.set(endpointId, previous === undefined ? ms : previous * 0.8 + ms * 0.2);
}

/** Also at least as long as the oldest attempt in flight has run: before any attempt to
 *  an endpoint that hangs has ended, that is the best guess of how long they take. */
export function busyDelay(endpointId: string, minimumMs: number): number {
  const oldest = inFlight.get(endpointId)?.[0];
  const running = oldest === undefined ? 0 : Date.now() - oldest;
  return Math.max(minimumMs, recentDuration.get(endpointId) ?? 0, running) * (0.5 + Math.random());
}
