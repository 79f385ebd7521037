// Per-endpoint concurrency inside one worker. Without it, a dead endpoint that makes
// every attempt wait the full timeout (15 s) would fill all WORKER_CONCURRENCY slots
// and healthy endpoints would queue behind it. An attempt that finds its endpoint at
// the cap is put back in the queue for a moment instead, without an attempt.
const inFlight = new Map<string, number>();

export function tryTakeSlot(endpointId: string, cap: number): boolean {
  const current = inFlight.get(endpointId) ?? 0;
  if (current >= cap) return false;
  inFlight.set(endpointId, current + 1);
  return true;
}

export function releaseSlot(endpointId: string): void {
  const current = inFlight.get(endpointId) ?? 0;
  if (current <= 1) inFlight.delete(endpointId);
  else inFlight.set(endpointId, current - 1);
}

/** ENDPOINT_CONCURRENCY, or a quarter of the worker's slots (at least 1). */
export function endpointCap(workerConcurrency: number, configured?: number): number {
  return configured ?? Math.max(1, Math.ceil(workerConcurrency / 4));
}
