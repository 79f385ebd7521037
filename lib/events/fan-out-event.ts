// Stores an event, one delivery per subscribed endpoint, and their jobs in ONE
// statement (so one transaction): once the producer has its 202, the event is
// delivered even if this process dies the next instant. One statement, not an
// interactive transaction, because ingest is the hot path: 2 round trips per event.
import { Prisma } from '../generated/prisma/client.ts';
import { db } from '../db.ts';
import { newId } from '../ids.ts';
import { newJobToken } from '../queue/deliver-job.ts';
import { addJobsSql } from '../queue/enqueue-deliveries.ts';
import { currentTraceparent } from '../observability/tracing.ts';
import { acceptedEvent } from './serialize-event.ts';

type NewEvent = { tenantId: string; type: string; data: unknown; idempotencyKey: string | null; requestHash: string | null };

export async function fanOutEvent(input: NewEvent) {
  try {
    return await insertEvent(input);
  } catch (error) {
    // An endpoint deleted between choosing the endpoints and inserting: choose again.
    if (foreignKeyViolation(error)) return insertEvent(input);
    throw error;
  }
}

function foreignKeyViolation(error: unknown): boolean {
  return (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null)?.meta?.driverAdapterError?.cause?.originalCode === '23503';
}

async function insertEvent(input: NewEvent) {
  const createdAt = new Date();
  const id = newId('event');
  // The exact bytes every attempt sends and signs; built once, never re-serialised.
  const body = JSON.stringify({ type: input.type, timestamp: createdAt.toISOString(), data: input.data });
  // An endpoint created or disabled while this runs may or may not get the event,
  // exactly as if it had happened a moment earlier or later.
  const endpoints = await db().$queryRaw<{ id: string }[]>`
    select id from endpoints
     where tenant_id = ${input.tenantId} and disabled_at is null
       and (cardinality(event_types) = 0 or ${input.type} = any(event_types))`;
  // Id order, the order an idempotent replay reads them back in (create-event.ts):
  // ids minted in one millisecond are not otherwise in order.
  const deliveries = endpoints
    .map((endpoint) => ({ id: newId('delivery'), endpointId: endpoint.id, jobToken: newJobToken() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const traceparent = currentTraceparent();
  const jobs = deliveries.map((d) => ({ deliveryId: d.id, token: d.jobToken, trigger: 'automatic' as const, traceparent }));
  await db().$executeRaw`
    with ev as (
      insert into events (id, tenant_id, type, body, idempotency_key, request_hash, created_at)
      values (${id}, ${input.tenantId}, ${input.type}, ${body}, ${input.idempotencyKey}, ${input.requestHash}, ${createdAt})
      returning id
    ), dl as (
      insert into deliveries (id, tenant_id, event_id, endpoint_id, job_token, next_attempt_at, created_at, updated_at)
      select x.id, ${input.tenantId}, ev.id, x.endpoint_id, x.job_token, ${createdAt}, ${createdAt}, ${createdAt}
        from ev, json_to_recordset(${JSON.stringify(deliveries.map((d) => ({ id: d.id, endpoint_id: d.endpointId, job_token: d.jobToken })))}::json)
             as x(id text, endpoint_id text, job_token text)
      returning 1
    )${jobs.length > 0 ? Prisma.sql`, jobs as (${addJobsSql(jobs)})` : Prisma.empty}
    select (select count(*) from dl)${jobs.length > 0 ? Prisma.sql` + (select count(*) from jobs)` : Prisma.empty}`;
  return acceptedEvent({ id, type: input.type, createdAt }, deliveries);
}
