// Endpoint health over the last 24 h: the attempt success rate and the latest attempt.
// Deliveries are narrowed by id (time-prefixed) first, so this reads one day of rows.
import { db } from '../db.ts';
import { idLowerBound } from './id-bounds.ts';

export type EndpointHealth = {
  attempts: number;
  succeeded: number;
  successRate: number | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastSucceeded: boolean | null;
  lastErrorClass: string | null;
};

// 24 h for the window; deliveries created up to 3 days earlier may still be retrying.
const WINDOW_MS = 24 * 3_600_000;
const RETRY_AGE_MS = 3 * 24 * 3_600_000;

type Row = { endpoint_id: string; attempts: number; succeeded: number; last_at: Date | null; last_status: number | null; last_ok: boolean | null; last_error: string | null };

export async function endpointHealth(tenantId: string): Promise<Map<string, EndpointHealth>> {
  const since = new Date(Date.now() - WINDOW_MS);
  const fromId = idLowerBound('delivery', new Date(since.getTime() - RETRY_AGE_MS));
  const rows = await db().$queryRaw<Row[]>`
    select e.id as endpoint_id, coalesce(s.attempts, 0)::int as attempts, coalesce(s.succeeded, 0)::int as succeeded,
           l.started_at as last_at, l.status_code as last_status, l.succeeded as last_ok, l.error_class as last_error
      from endpoints e
      left join lateral (
        select count(*) as attempts, count(*) filter (where a.succeeded) as succeeded
          from deliveries d join attempts a on a.delivery_id = d.id
         where d.tenant_id = ${tenantId} and d.endpoint_id = e.id and d.id >= ${fromId} and a.started_at >= ${since}
      ) s on true
      left join lateral (
        select a.started_at, a.status_code, a.succeeded, a.error_class
          from deliveries d join attempts a on a.delivery_id = d.id
         where d.tenant_id = ${tenantId} and d.endpoint_id = e.id and d.id >= ${fromId} and a.started_at >= ${since}
         order by a.started_at desc limit 1
      ) l on true
     where e.tenant_id = ${tenantId}`;
  return new Map(
    rows.map((r) => [
      r.endpoint_id,
      {
        attempts: r.attempts,
        succeeded: r.succeeded,
        successRate: r.attempts ? r.succeeded / r.attempts : null,
        lastAttemptAt: r.last_at?.toISOString() ?? null,
        lastStatusCode: r.last_status,
        lastSucceeded: r.last_ok,
        lastErrorClass: r.last_error,
      },
    ]),
  );
}
