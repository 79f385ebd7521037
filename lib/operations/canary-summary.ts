// The synthetic canary as the operator page shows it (lib/canary): its verdict, the
// latest runs, the last hour's latency and failures, its latency per minute (beside the
// attempts' in the latency chart) and the state of its endpoint.
import type { CircuitState } from '../generated/prisma/client.ts';
import { CANARY_ENDPOINT_ID } from '../canary/canary-ids.ts';
import { readCanaryHealth, type CanaryHealth } from '../canary/read-canary-health.ts';
import { db } from '../db.ts';
import { env } from '../env.ts';

export type CanaryRunRow = { id: number; startedAt: string; latencyMs: number | null; ok: boolean | null; error: string | null };
export type CanaryMinute = { minute: string; latencyMs: number | null };
export type CanaryEndpointState = { url: string; circuitState: CircuitState; disabled: boolean; failingSince: string | null };

export type CanarySummary = {
  intervalMs: number;
  health: CanaryHealth;
  recent: CanaryRunRow[];
  lastHour: { runs: number; failed: number; p50Ms: number | null; p95Ms: number | null };
  perMinute: CanaryMinute[];
  endpoint: CanaryEndpointState | null;
};

const RECENT = 30;
const MINUTES = 60;

type RunRow = { id: number; started_at: Date; latency_ms: number | null; ok: boolean | null; error: string | null };
type HourRow = { runs: number; failed: number; p50_ms: number | null; p95_ms: number | null };
type MinuteRow = { minute: Date; latency_ms: number | null };

export async function canarySummary(): Promise<CanarySummary> {
  const [health, recent, [hour], minutes, endpoint] = await Promise.all([
    readCanaryHealth(),
    db().$queryRaw<RunRow[]>`select id, started_at, latency_ms, ok, error from canary_runs order by id desc limit ${RECENT}`,
    db().$queryRaw<HourRow[]>`
      select count(*)::int as runs, count(*) filter (where ok = false)::int as failed,
             percentile_cont(0.5) within group (order by latency_ms) filter (where ok)::float8 as p50_ms,
             percentile_cont(0.95) within group (order by latency_ms) filter (where ok)::float8 as p95_ms
        from canary_runs where started_at >= now() - interval '1 hour'`,
    // The slowest successful run of each minute: one a minute at the default interval.
    db().$queryRaw<MinuteRow[]>`
      with minutes as (
        select generate_series(date_trunc('minute', now()) - ${MINUTES - 1} * interval '1 minute', date_trunc('minute', now()), interval '1 minute') as minute
      ), r as (
        select date_trunc('minute', started_at) as minute, max(latency_ms) as latency_ms
          from canary_runs
         where ok and started_at >= date_trunc('minute', now()) - ${MINUTES - 1} * interval '1 minute'
         group by 1
      )
      select minutes.minute, r.latency_ms from minutes left join r on r.minute = minutes.minute order by minutes.minute`,
    db().endpoint.findUnique({ where: { id: CANARY_ENDPOINT_ID }, select: { url: true, circuitState: true, disabledAt: true, failingSince: true } }),
  ]);
  return {
    intervalMs: env().CANARY_INTERVAL,
    health,
    recent: recent.map((r) => ({ id: r.id, startedAt: r.started_at.toISOString(), latencyMs: r.latency_ms, ok: r.ok, error: r.error })),
    lastHour: { runs: hour!.runs, failed: hour!.failed, p50Ms: round(hour!.p50_ms), p95Ms: round(hour!.p95_ms) },
    perMinute: minutes.map((m) => ({ minute: m.minute.toISOString(), latencyMs: m.latency_ms })),
    endpoint: endpoint && { url: endpoint.url, circuitState: endpoint.circuitState, disabled: endpoint.disabledAt !== null, failingSince: endpoint.failingSince?.toISOString() ?? null },
  };
}

const round = (ms: number | null) => (ms === null ? null : Math.round(ms));
