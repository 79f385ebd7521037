// Stores an event, one delivery per subscribed endpoint, and their jobs in ONE
// statement: once the producer has its 202, the event is delivered even if this
// process dies the next instant. One statement — endpoints chosen, delivery ids and
// job tokens minted, jobs queued, all in SQL — because ingest is the hot path and
// each round trip costs (3 round trips per event here before, 1 now).
import { db, type Tx } from '../db.ts';
import { idTimePrefix, newId } from '../ids.ts';
import { addJobsFromRowsSql } from '../queue/enqueue-deliveries.ts';
import { currentTraceparent } from '../observability/tracing.ts';
import { acceptedEvent } from './serialize-event.ts';

type NewEvent = { tenantId: string; type: string; data: unknown; idempotencyKey: string | null; requestHash: string | null };

/** `client`: an open transaction to commit with (operational webhooks); the pool by default. */
export async function fanOutEvent(input: NewEvent, client: Tx = db()) {
  try {
    return await insertEvent(input, client);
  } catch (error) {
    // An endpoint deleted while this statement ran: choose the endpoints again (not in
    // a caller's transaction, which the error has ended).
    if (client === db() && foreignKeyViolation(error)) return insertEvent(input, client);
    throw error;
  }
}

function foreignKeyViolation(error: unknown): boolean {
  return (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null)?.meta?.driverAdapterError?.cause?.originalCode === '23503';
}

async function insertEvent(input: NewEvent, client: Tx) {
  const createdAt = new Date();
  const id = newId('event', createdAt.getTime());
  // The exact bytes every attempt sends and signs; built once, never re-serialised.
  const body = JSON.stringify({ type: input.type, timestamp: createdAt.toISOString(), data: input.data });
  const deliveries = await client.$queryRaw<{ id: string; endpoint_id: string }[]>`
    with ev as (
      insert into events (id, tenant_id, type, body, idempotency_key, request_hash, created_at)
      values (${id}, ${input.tenantId}, ${input.type}, ${body}, ${input.idempotencyKey}, ${input.requestHash}, ${createdAt})
      returning id
    ), dl as (
      insert into deliveries (id, tenant_id, event_id, endpoint_id, job_token, next_attempt_at, created_at, updated_at)
      select ${idTimePrefix('delivery', createdAt.getTime())} || upper(substr(md5(random()::text || clock_timestamp()::text || ep.id), 1, 16)),
             ${input.tenantId}, ev.id, ep.id, md5(random()::text || clock_timestamp()::text || ep.id),
             -- An endpoint whose circuit is open: the job waits for its probe time (spread
             -- over a second) instead of being taken only to be put back.
             case when ep.circuit_state <> 'closed' and ep.circuit_retry_at > ${createdAt}
                  then ep.circuit_retry_at + random() * interval '1 second' else ${createdAt} end,
             ${createdAt}, ${createdAt}
        from ev
        join endpoints ep on ep.tenant_id = ${input.tenantId} and ep.disabled_at is null
                         and (cardinality(ep.event_types) = 0 or ${input.type} = any(ep.event_types))
      returning id, endpoint_id, job_token, next_attempt_at, next_attempt_at <> created_at as held
    ), jobs as (${addJobsFromRowsSql('dl', 'automatic', currentTraceparent(), 'first', true)})
    -- Id order: the order an idempotent replay reads them back in (create-event.ts).
    select dl.id, dl.endpoint_id from dl cross join (select count(*) from jobs) queued order by dl.id`;
  return acceptedEvent({ id, type: input.type, createdAt }, deliveries.map((d) => ({ id: d.id, endpointId: d.endpoint_id })));
}
