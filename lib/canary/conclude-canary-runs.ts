// Ends the canary runs still open (ok is null) that can no longer succeed: their
// attempt failed (the receiver answered non-2xx, or could not be reached), their
// delivery ended without one, or nothing arrived within the deadline. A run whose
// delivery succeeded without the receiver recording it was sent somewhere else.
// Their deliveries end too (failed, no job token: a queued retry finds itself stale),
// so failing canaries don't pile up retries: each run is one probe.
import { db } from '../db.ts';
import { CANARY_ENDPOINT_ID } from './canary-ids.ts';

export async function concludeCanaryRuns(deadlineMs: number): Promise<number> {
  const deadline = `not received within ${Math.round(deadlineMs / 1000)} s`;
  const rows = await db().$queryRaw<{ id: number }[]>`
    with open as (
      select r.id, r.started_at, d.id as delivery_id, d.status, d.attempt_count, d.last_status_code, d.last_error, ep.circuit_state
        from canary_runs r
        left join deliveries d on d.event_id = r.event_id and d.endpoint_id = ${CANARY_ENDPOINT_ID}
        left join endpoints ep on ep.id = d.endpoint_id
       where r.ok is null and r.started_at >= now() - interval '1 day'
    ), verdict as (
      select id, delivery_id, case
               when status = 'succeeded' then 'the endpoint answered HTTP ' || coalesce(last_status_code::text, '2xx')
                    || ' without recording the run: CANARY_URL must be the app''s /api/canary/receive'
               when attempt_count > 0 then coalesce('HTTP ' || last_status_code, last_error, 'the attempt failed')
               when status = 'failed' then coalesce(last_error, 'the delivery ended without an attempt')
               when started_at < now() - ${deadlineMs} * interval '1 millisecond' then ${deadline}
                    || case when circuit_state in ('open', 'half_open') then ': the canary endpoint''s circuit is open' else '' end
             end as error
        from open
    ), failed as (
      update canary_runs r set ok = false, error = v.error
        from verdict v
       where r.id = v.id and v.error is not null and r.ok is null
      returning r.id, v.delivery_id
    ), ended as (
      update deliveries d
         set status = 'failed', job_token = null, next_attempt_at = null, updated_at = now(),
             last_error = coalesce(d.last_error, 'the canary run ended')
        from failed f
       where d.id = f.delivery_id and d.status in ('pending', 'retrying')
      returning d.id
    )
    select id from failed cross join (select count(*) from ended) e`;
  return rows.length;
}
