// The chart on the overview and endpoint pages: deliveries per hour by outcome (as they
// stand now) and attempt latency (p50/p95), every hour of the window present, even empty.
import { db } from '../db.ts';
import { idLowerBound } from './id-bounds.ts';
import { ZStatsQuery } from './schema.ts';

export type HourlyPoint = {
  hour: string;
  succeeded: number;
  retrying: number;
  failed: number;
  pending: number;
  p50Ms: number | null;
  p95Ms: number | null;
};

type Row = { hour: Date; succeeded: number; retrying: number; failed: number; pending: number; p50: number | null; p95: number | null };

export async function hourlyStats(tenantId: string, query: Record<string, string | undefined>): Promise<HourlyPoint[]> {
  const { endpointId, hours } = ZStatsQuery.parse(query);
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000);
  const fromId = idLowerBound('delivery', start);
  const endpoint = endpointId ?? null;
  const rows = await db().$queryRaw<Row[]>`
    with hours as (
      select generate_series(${start}::timestamptz, date_trunc('hour', now()), interval '1 hour') as hour
    ), d as (
      select date_trunc('hour', created_at) as hour,
             count(*) filter (where status = 'succeeded')::int as succeeded,
             count(*) filter (where status = 'retrying')::int as retrying,
             count(*) filter (where status = 'failed')::int as failed,
             count(*) filter (where status = 'pending')::int as pending
        from deliveries
       where tenant_id = ${tenantId} and id >= ${fromId} and (${endpoint}::text is null or endpoint_id = ${endpoint}::text)
       group by 1
    ), a as (
      select date_trunc('hour', a.started_at) as hour,
             percentile_cont(0.5) within group (order by a.duration_ms) as p50,
             percentile_cont(0.95) within group (order by a.duration_ms) as p95
        from deliveries dl join attempts a on a.delivery_id = dl.id
       where dl.tenant_id = ${tenantId} and dl.id >= ${fromId} and (${endpoint}::text is null or dl.endpoint_id = ${endpoint}::text)
       group by 1
    )
    select hours.hour, coalesce(d.succeeded, 0) as succeeded, coalesce(d.retrying, 0) as retrying,
           coalesce(d.failed, 0) as failed, coalesce(d.pending, 0) as pending, a.p50, a.p95
      from hours left join d on d.hour = hours.hour left join a on a.hour = hours.hour
     order by hours.hour`;
  return rows.map((r) => ({
    hour: r.hour.toISOString(),
    succeeded: r.succeeded,
    retrying: r.retrying,
    failed: r.failed,
    pending: r.pending,
    p50Ms: r.p50 === null ? null : Math.round(Number(r.p50)),
    p95Ms: r.p95 === null ? null : Math.round(Number(r.p95)),
  }));
}
