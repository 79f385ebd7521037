// When to try a failed delivery again. Hookline's own schedule, not graphile-worker's
// SQL backoff: the product promises roughly 10 s, 30 s, 1 min … 8 h, then every 12 h,
// until either the attempts or the age (3 days) run out.
export type RetryPolicy = {
  delaysMs: number[]; // delay before attempt n+1 is delaysMs[n-1]; the last one repeats
  jitter: number; // 0.2 = each delay is scaled by a uniform factor in [0.8, 1.2]
  maxIntervalMs: number; // no single wait is longer than this, Retry-After included
  maxAgeMs: number; // no attempt later than this after the first one
  maxAttempts: number; // total attempts, the first one included
};

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  delaysMs: [10 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 30 * M, H, 2 * H, 4 * H, 8 * H, 12 * H],
  // ±20 %: spreads out the retries of many deliveries that failed in the same outage.
  jitter: 0.2,
  maxIntervalMs: 12 * H,
  maxAgeMs: 3 * 24 * H,
  // 20: 12 scheduled delays (~27 h) plus 8 more at 12 h reaches ~3 days, so age and
  // attempts run out at about the same time.
  maxAttempts: 20,
};

export type NextAttemptInput = {
  attemptsMade: number;
  firstAttemptAt: Date;
  now: Date;
  retryAfterMs?: number | null;
  policy: RetryPolicy;
  random?: () => number; // [0, 1); injectable so tests can pin the jitter
};

// Milliseconds from `now` until the next attempt, or null when the delivery has failed
// for good.
export function nextAttemptDelay({
  attemptsMade,
  firstAttemptAt,
  now,
  retryAfterMs = null,
  policy,
  random = Math.random,
}: NextAttemptInput): number | null {
  if (policy.delaysMs.length === 0) throw new Error('retry policy needs at least one delay');
  if (attemptsMade >= policy.maxAttempts) return null;
  // Attempt 1 goes at once.
  if (attemptsMade < 1) return 0;

  const index = Math.min(attemptsMade - 1, policy.delaysMs.length - 1);
  const base = policy.delaysMs[index]!;
  const jitter = Math.min(Math.max(policy.jitter, 0), 1);
  let delay = base * (1 - jitter + 2 * jitter * random());
  // Retry-After is a floor: never come back sooner than the server asked …
  if (retryAfterMs != null && retryAfterMs > delay) delay = retryAfterMs;
  // … but a receiver cannot park a delivery for longer than the policy's interval.
  delay = Math.round(Math.min(delay, policy.maxIntervalMs));

  const deadline = firstAttemptAt.getTime() + policy.maxAgeMs;
  if (now.getTime() + delay > deadline) return null;
  return delay;
}
