// POST /endpoints/:id/recover — after an outage, one more attempt for every delivery
// to this endpoint that failed for good since `since`. One statement however many
// there are (150k after a 4-hour outage at 10 events/s): each gets a new token and a
// job, atomically, with no interactive transaction to time out.
import { db } from '../db.ts';
import { AppError } from '../errors.ts';
import { currentTraceparent } from '../observability/tracing.ts';
import { addJobsFromRowsSql } from '../queue/enqueue-deliveries.ts';
import { findEndpoint } from './find-endpoint.ts';
import { ZRecoverEndpoint } from './schema.ts';

export async function recoverEndpoint(tenantId: string, endpointId: string, body: unknown) {
  const input = ZRecoverEndpoint.parse(body);
  const since = new Date(input.since);
  const until = input.until ? new Date(input.until) : new Date();
  const endpoint = await findEndpoint(tenantId, endpointId);
  if (endpoint.disabledAt) throw new AppError('conflict', 'the endpoint is disabled; enable it before recovering');
  const [row] = await db().$queryRaw<{ recovered: number }[]>`
    with live as (
      -- Only events that still have their payload: a purged one has nothing to send, and
      -- is neither queued nor counted. FOR SHARE holds them against the retention purge
      -- (as retry-delivery.ts does): a batch that locked one first is waited for, and
      -- Postgres then re-checks the updated row, purged, and leaves it out. The purge
      -- never waits for a lock (SKIP LOCKED), so the two cannot deadlock.
      select d.id from deliveries d join events e on e.id = d.event_id
       where d.endpoint_id = ${endpoint.id} and d.status = 'failed'
         and d.created_at >= ${since} and d.created_at < ${until}
         and e.payload_purged_at is null
         for share of e
    ), r as (
      update deliveries d
         set job_token = md5(random()::text || clock_timestamp()::text || d.id),
             next_attempt_at = now(), updated_at = now()
        from live
       where d.id = live.id and d.status = 'failed'
      returning d.id, d.job_token
    ), jobs as (${addJobsFromRowsSql('r', 'manual', currentTraceparent(), 'retry')}),
    -- Recovering says the endpoint is back: an open circuit lets its probe go now (the
    -- first recovered delivery), and a success wakes the rest (circuit-breaker.ts).
    probe as (update endpoints set circuit_retry_at = now() where id = ${endpoint.id} and circuit_state <> 'closed')
    select (select count(*) from r)::int as recovered, (select count(*) from jobs)::int as queued`;
  return { recovered: row?.recovered ?? 0, since: since.toISOString(), until: until.toISOString() };
}
