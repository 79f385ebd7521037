// Readiness: the database answers within 2 s and no migration is pending. Cached for
// 5 s so a probe every second doesn't become a query every second per replica.
//
// The canary's state rides along as a detail (`canary.status` 'failing' is the red
// one) but does not make the app unready: restarting or unrouting the app would not
// fix a broken delivery path, and it would take the API down with it.
import { readCanaryHealth, type CanaryHealth } from '../canary/read-canary-health.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { env } from '../env.ts';
import { logger } from '../observability/logger.ts';
import { withTimeout } from './with-timeout.ts';

export type CanaryDetail = Pick<CanaryHealth, 'status' | 'lastSuccessAt' | 'latencyMs'>;

export type Readiness = {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
  pendingMigrations: string[];
  canary: CanaryDetail;
};

const CACHE_MS = 5_000;
const TIMEOUT_MS = 2_000;
const UNKNOWN_CANARY: CanaryDetail = { status: 'unknown', lastSuccessAt: null, latencyMs: null };

let cached: { at: number; value: Readiness } | undefined;

export async function checkReadiness(): Promise<Readiness> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const [pending, canary] = await Promise.allSettled([
    withTimeout(pendingMigrations(env().DATABASE_URL), TIMEOUT_MS),
    withTimeout(readCanaryHealth(), TIMEOUT_MS),
  ]);
  let value: Readiness;
  if (pending.status === 'fulfilled') {
    const pendingNames = pending.value;
    value = { status: pendingNames.length === 0 ? 'ok' : 'unavailable', database: 'ok', pendingMigrations: pendingNames, canary: canaryDetail(canary) };
  } else {
    // The reason goes to the log, not to this unauthenticated endpoint (hosts, users).
    logger.warn({ err: pending.reason }, 'readiness check failed');
    value = { status: 'unavailable', database: 'unreachable', pendingMigrations: [], canary: UNKNOWN_CANARY };
  }
  cached = { at: Date.now(), value };
  return value;
}

// Only the state, its last success and latency: the reason may name internal hosts.
function canaryDetail(result: PromiseSettledResult<CanaryHealth>): CanaryDetail {
  if (result.status === 'rejected') {
    logger.warn({ err: result.reason }, 'readiness: could not read the canary');
    return UNKNOWN_CANARY;
  }
  const { status, lastSuccessAt, latencyMs } = result.value;
  return { status, lastSuccessAt, latencyMs };
}
