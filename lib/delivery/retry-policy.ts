import { env } from '../env.ts';
import type { RetryPolicy } from './retry-schedule.ts';

/** The installation's retry policy (RETRY_* variables; PRODUCT.md's schedule by default). */
export function retryPolicy(): RetryPolicy {
  const e = env();
  return {
    delaysMs: e.RETRY_DELAYS,
    jitter: e.RETRY_JITTER,
    maxIntervalMs: e.RETRY_MAX_INTERVAL,
    maxAgeMs: e.RETRY_MAX_AGE,
    maxAttempts: e.RETRY_MAX_ATTEMPTS,
  };
}
