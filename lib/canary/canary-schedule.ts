// When the canary runs and when a run counts as lost. graphile-worker's cron is
// minute-granular, so intervals of a minute or more are cron patterns ("*/5 * * * *");
// shorter ones (tests) are a job that re-queues itself, with the cron every minute as
// the safety net that restarts the chain if a job is ever lost.
const MINUTE = 60_000;
const MIN_INTERVAL_MS = 200;
// Whole minutes whose multiples land on the same minutes every hour.
const CRON_MINUTES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

export function canaryIntervalAllowed(intervalMs: number): boolean {
  if (intervalMs < MINUTE) return intervalMs >= MIN_INTERVAL_MS;
  return intervalMs % MINUTE === 0 && CRON_MINUTES.includes(intervalMs / MINUTE);
}

/** The cron pattern that schedules the canary: every minute for intervals under one. */
export function canaryCronPattern(intervalMs: number): string {
  const minutes = Math.max(1, Math.round(intervalMs / MINUTE));
  if (minutes === 1) return '* * * * *';
  if (minutes === 60) return '0 * * * *';
  return `*/${minutes} * * * *`;
}

/** Under a minute, each run queues the next itself. */
export function selfScheduling(intervalMs: number): boolean {
  return intervalMs < MINUTE;
}

/**
 * A run not received this long after it started has failed: one attempt's timeout plus
 * 15 s for the queue and the recording (30 s with the default 15 s timeout).
 */
export function canaryDeadlineMs(deliveryTimeoutMs: number): number {
  return deliveryTimeoutMs + 15_000;
}

/**
 * No run started for this long: the canary itself stopped (no worker, or none with
 * CANARY_URL). Two missed runs of at least a minute, the cron's resolution, plus a deadline.
 */
export function canaryStaleAfterMs(intervalMs: number, deliveryTimeoutMs: number): number {
  return 2 * Math.max(intervalMs, MINUTE) + canaryDeadlineMs(deliveryTimeoutMs);
}
