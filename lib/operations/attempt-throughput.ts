// Attempts per minute over the last hour (every minute present, empty ones as zeros),
// split by outcome, with the median and 95th percentile of their durations, and the
// share that failed over the last 5 minutes and the last hour. The canary's attempts
// (lib/canary) count: they are the workers' work like any other.
import { db } from '../db.ts';
import { attemptIdFloor } from './attempt-window.ts';

export type MinutePoint = { minute: string; succeeded: number; failed: number; p50Ms: number | null; p95Ms: number | null };
export type ErrorRate = { attempts: number; failed: number; rate: number | null };
export type AttemptThroughput = { perMinute: MinutePoint[]; last5m: ErrorRate; last1h: ErrorRate };

type MinuteRow = { minute: Date; succeeded: number; failed: number; p50_ms: number | null; p95_ms: number | null };
type RateRow = { attempts_5m: number; failed_5m: number; attempts_1h: number; failed_1h: number };

const MINUTES = 60;

export async function attemptThroughput(): Promise<AttemptThroughput> {
  const fromId = attemptIdFloor(new Date(Date.now() - (MINUTES + 1) * 60_000));
  const [minutes, [rates]] = await Promise.all([
    db().$queryRaw<MinuteRow[]>`
      with minutes as (
        select generate_series(date_trunc('minute', now()) - ${MINUTES - 1} * interval '1 minute', date_trunc('minute', now()), interval '1 minute') as minute
      ), a as (
        select date_trunc('minute', started_at) as minute,
               count(*) filter (where succeeded)::int as succeeded,
               count(*) filter (where not succeeded)::int as failed,
               percentile_cont(0.5) within group (order by duration_ms)::float8 as p50_ms,
               percentile_cont(0.95) within group (order by duration_ms)::float8 as p95_ms
          from attempts
         where id >= ${fromId} and started_at >= date_trunc('minute', now()) - ${MINUTES - 1} * interval '1 minute'
         group by 1
      )
      select minutes.minute, coalesce(a.succeeded, 0) as succeeded, coalesce(a.failed, 0) as failed, a.p50_ms, a.p95_ms
        from minutes left join a on a.minute = minutes.minute
       order by minutes.minute`,
    db().$queryRaw<RateRow[]>`
      select count(*) filter (where started_at >= now() - interval '5 minutes')::int as attempts_5m,
             count(*) filter (where started_at >= now() - interval '5 minutes' and not succeeded)::int as failed_5m,
             count(*)::int as attempts_1h,
             count(*) filter (where not succeeded)::int as failed_1h
        from attempts
       where id >= ${fromId} and started_at >= now() - interval '1 hour'`,
  ]);
  return {
    perMinute: minutes.map((m) => ({ minute: m.minute.toISOString(), succeeded: m.succeeded, failed: m.failed, p50Ms: roundMs(m.p50_ms), p95Ms: roundMs(m.p95_ms) })),
    last5m: errorRate(rates!.attempts_5m, rates!.failed_5m),
    last1h: errorRate(rates!.attempts_1h, rates!.failed_1h),
  };
}

const roundMs = (ms: number | null) => (ms === null ? null : Math.round(ms));

function errorRate(attempts: number, failed: number): ErrorRate {
  return { attempts, failed, rate: attempts ? failed / attempts : null };
}
