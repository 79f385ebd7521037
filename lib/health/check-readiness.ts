// Readiness: the database answers within 2 s and no migration is pending. Cached for
// 5 s so a probe every second doesn't become a query every second per replica.
import { pendingMigrations } from '../db/migrate.ts';
import { env } from '../env.ts';
import { logger } from '../observability/logger.ts';

export type Readiness = { status: 'ok' | 'unavailable'; database: 'ok' | 'unreachable'; pendingMigrations: string[] };

const CACHE_MS = 5_000;
let cached: { at: number; value: Readiness } | undefined;

export async function checkReadiness(): Promise<Readiness> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  let value: Readiness;
  try {
    const pending = await withTimeout(pendingMigrations(env().DATABASE_URL), 2_000);
    value = { status: pending.length === 0 ? 'ok' : 'unavailable', database: 'ok', pendingMigrations: pending };
  } catch (error) {
    // The reason goes to the log, not to this unauthenticated endpoint (hosts, users).
    logger.warn({ err: error }, 'readiness check failed');
    value = { status: 'unavailable', database: 'unreachable', pendingMigrations: [] };
  }
  cached = { at: Date.now(), value };
  return value;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
