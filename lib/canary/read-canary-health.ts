// The canary's state as readiness and the operator page report it: the verdict of its
// latest runs (canary-status.ts), when it last got through and how long that took.
import { db } from '../db.ts';
import { env } from '../env.ts';
import { canaryDeadlineMs, canaryStaleAfterMs } from './canary-schedule.ts';
import { canaryVerdict, type CanaryState } from './canary-status.ts';

export type CanaryHealth = {
  status: CanaryState;
  /** Why it is failing or unknown; may name hosts, so only for authenticated pages and logs. */
  reason: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  /** The last successful run's, from its start to its receipt. */
  latencyMs: number | null;
};

// Enough to look past the runs in flight to the newest that ended.
const RECENT = 10;

type RunRow = { ok: boolean | null; error: string | null; started_at: Date; age_ms: number };
type SuccessRow = { delivered_at: Date; latency_ms: number | null };

export async function readCanaryHealth(): Promise<CanaryHealth> {
  const e = env();
  const [runs, [success]] = await Promise.all([
    db().$queryRaw<RunRow[]>`
      select ok, error, started_at, (extract(epoch from now() - started_at) * 1000)::float8 as age_ms
        from canary_runs order by id desc limit ${RECENT}`,
    db().$queryRaw<SuccessRow[]>`
      select delivered_at, latency_ms from canary_runs where ok and delivered_at is not null order by id desc limit 1`,
  ]);
  const verdict = canaryVerdict(
    runs.map((r) => ({ ok: r.ok, error: r.error, ageMs: r.age_ms })),
    { deadlineMs: canaryDeadlineMs(e.DELIVERY_TIMEOUT), staleAfterMs: canaryStaleAfterMs(e.CANARY_INTERVAL, e.DELIVERY_TIMEOUT) },
  );
  return {
    ...verdict,
    lastRunAt: runs[0]?.started_at.toISOString() ?? null,
    lastSuccessAt: success?.delivered_at.toISOString() ?? null,
    latencyMs: success?.latency_ms ?? null,
  };
}
