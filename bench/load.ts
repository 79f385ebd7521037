// Bulk loaders: a backlog for the drain (Hookline's rows and jobs, or the bare baseline's
// jobs) and the growth scenario's history, in set-based SQL: queueing 50,000 deliveries
// takes seconds, where the API (or fan-out called one event at a time) takes a minute.
//
// The drain backlog is what fan-out (lib/events/fan-out-event.ts) stores — one event row
// each, a delivery per enabled endpoint of the tenant, their jobs built by the same SQL
// fan-out uses (addFanOutJobsSql) — for thousands of events per statement. One more
// event goes through the real fanOutEvent, and its jobs must look like the bulk ones
// (task, priority, payload fields, key, due now): when fan-out changes, the bench says
// so instead of measuring something else.
import type pg from 'pg';
import { db } from '@/lib/db';
import { fanOutEvent } from '@/lib/events/fan-out-event';
import { idTimePrefix } from '@/lib/ids';
import { addFanOutJobsSql } from '@/lib/queue/enqueue-deliveries';
import { BASELINE_TASK } from './config.ts';

const BATCH_EVENTS = 5_000;

/** Every bench event's `data` (~150 bytes of JSON). */
export const EVENT_DATA = { order: 'ord_8d1c2f', amount: 4200, currency: 'EUR', customer: { id: 'cus_123', email: 'buyer@example.com' }, items: [{ sku: 'sku_1', qty: 2 }] };

/** A body like the API stores (`{type, timestamp, data}`). */
export function eventBody(type: string, at = new Date()): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data: EVENT_DATA });
}

/** Queues `events` events of a tenant (fanned out to its endpoints); returns the deliveries queued. */
export async function queueHooklineEvents(sql: pg.Client, tenantId: string, events: number, onProgress: (queued: number) => void): Promise<number> {
  let deliveries = 0;
  let sampleDelivery: string | undefined;
  for (let done = 0; done < events - 1; done += BATCH_EVENTS) {
    const n = Math.min(BATCH_EVENTS, events - 1 - done);
    const createdAt = new Date();
    const body = eventBody('bench.drain', createdAt);
    const rows = await db().$queryRaw<{ n: number; sample: string }[]>`
      with ev as (
        insert into events (id, tenant_id, type, body, created_at)
        select ${idTimePrefix('event', createdAt.getTime())} || upper(substr(md5(random()::text || g::text), 1, 16)),
               ${tenantId}, 'bench.drain', ${body}, ${createdAt}
          from generate_series(1, ${n}::int) g
        returning id
      ), dl as (
        insert into deliveries (id, tenant_id, event_id, endpoint_id, job_token, next_attempt_at, created_at, updated_at)
        select ${idTimePrefix('delivery', createdAt.getTime())} || upper(substr(md5(random()::text || ev.id || ep.id), 1, 16)),
               ${tenantId}, ev.id, ep.id, md5(random()::text || clock_timestamp()::text || ev.id || ep.id),
               ${createdAt}, ${createdAt}, ${createdAt}
          from ev join endpoints ep on ep.tenant_id = ${tenantId} and ep.disabled_at is null
         -- One event's deliveries next to each other, as one fan-out statement per event
         -- queues them (a join would group them by endpoint: one endpoint's backlog after another).
         order by ev.id, ep.id
        returning id, event_id, endpoint_id, job_token, next_attempt_at, false as held
      ), jobs as (${addFanOutJobsSql('dl', undefined)})
      select count(*)::int as n, min(dl.id) as sample from dl cross join (select count(*) from jobs) queued`;
    deliveries += rows[0]?.n ?? 0;
    sampleDelivery ??= rows[0]?.sample;
    onProgress(done + n);
  }
  const real = await fanOutEvent({ tenantId, type: 'bench.drain', data: EVENT_DATA, idempotencyKey: null, requestHash: null });
  await assertSameJobs(sql, real.deliveries[0]?.id, sampleDelivery);
  onProgress(events);
  return deliveries + real.deliveries.length;
}

/** The bulk loader's jobs must be what fan-out queues; fails naming the difference. */
async function assertSameJobs(sql: pg.Client, realDelivery: string | undefined, bulkDelivery: string | undefined): Promise<void> {
  if (!realDelivery || !bulkDelivery) return;
  const { rows } = await sql.query<{ delivery: string; shape: Record<string, unknown> }>(
    `select coalesce(j.payload->'deliveries'->0->>'deliveryId', j.payload->>'deliveryId') as delivery,
            json_build_object('task', t.identifier, 'priority', j.priority, 'max_attempts', j.max_attempts, 'queue', j.job_queue_id,
                              'payload', (select array_agg(k order by k) from json_object_keys(j.payload) k),
                              'deliveries', json_array_length(j.payload->'deliveries'),
                              'key', regexp_replace(j.key, ':.*', ':…'), 'due', j.run_at <= now() + interval '5 seconds') as shape
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where coalesce(j.payload->'deliveries'->0->>'deliveryId', j.payload->>'deliveryId') = any($1)`,
    [[realDelivery, bulkDelivery]],
  );
  const real = JSON.stringify(rows.find((r) => r.delivery === realDelivery)?.shape);
  const bulk = JSON.stringify(rows.find((r) => r.delivery === bulkDelivery)?.shape);
  if (real !== bulk) throw new Error(`bench/load.ts no longer queues what lib/events/fan-out-event.ts does: fan-out's job ${real}, the bench's ${bulk}`);
}

/** The bare baseline's jobs: `{ url, id, body }`, spread over `targets` URLs like deliveries over endpoints. */
export async function queueBaselineJobs(sql: pg.Client, count: number, targets: string[], onProgress: (queued: number) => void): Promise<void> {
  const body = eventBody('bench.baseline');
  for (let done = 0; done < count; done += BATCH_EVENTS) {
    const n = Math.min(BATCH_EVENTS, count - done);
    await sql.query(
      `select count(*) from graphile_worker.add_jobs(array(
         select json_populate_recordset(null::graphile_worker.job_spec, (
           select json_agg(json_build_object(
                    'identifier', $1::text,
                    'payload', json_build_object('url', ($2::text[])[1 + g % cardinality($2::text[])], 'id', 'base_' || g, 'body', $3::text),
                    'max_attempts', 25))
             from generate_series($4::int, $5::int) g))), false)`,
      [BASELINE_TASK, targets, body, done + 1, done + n],
    );
    onProgress(done + n);
  }
}

const HISTORY_BATCH = 100_000;

/**
 * `rows` old events of a tenant, each with one succeeded delivery (to one of `endpointIds`)
 * and its one attempt, as the API and a worker would have left them, spread over the 30
 * days before now. Then VACUUM ANALYZE and a CHECKPOINT, as a database holding such old rows
 * would long have done.
 */
export async function generateHistory(clients: pg.Client[], tenantId: string, endpointIds: string[], rows: number, onProgress: (done: number) => void): Promise<void> {
  const headers = JSON.stringify({ 'content-type': 'application/json', 'user-agent': 'Hookline/0.1 (+https://www.standardwebhooks.com)', 'webhook-id': 'msg_01JDZ3V7Q9XK2M4N6P8R0S2T4V', 'webhook-timestamp': '1732000000', 'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' });
  const responseHeaders = JSON.stringify({ 'content-type': 'text/plain', 'content-length': '2', connection: 'keep-alive', date: 'Mon, 18 Nov 2024 10:00:00 GMT' });
  const start = Date.now() - 30 * 86_400_000;
  const step = (30 * 86_400_000) / Math.max(1, rows);
  let written = 0;
  const batches = Array.from({ length: Math.ceil(rows / HISTORY_BATCH) }, (_, i) => i * HISTORY_BATCH);
  // One batch per connection at a time: two connections write ~1.5× as fast as one here.
  const writeBatch = async (client: pg.Client, done: number) => {
    const n = Math.min(HISTORY_BATCH, rows - done);
    const at = start + done * step;
    await client.query(
      `with ev as (
         insert into events (id, tenant_id, type, body, created_at)
         select $1 || upper(substr(md5(random()::text || g::text), 1, 16)), $2, 'bench.history', $3,
                to_timestamp($4::double precision / 1000) + (g * $5::double precision) * interval '1 millisecond'
           from generate_series(1, $6::int) g
         returning id, created_at
       ), dl as (
         insert into deliveries (id, tenant_id, event_id, endpoint_id, status, attempt_count, last_attempt_at, last_status_code, created_at, updated_at)
         select $7 || upper(substr(md5(random()::text || ev.id), 1, 16)), $2, ev.id,
                ($8::text[])[1 + abs(hashtext(ev.id)) % cardinality($8::text[])], 'succeeded', 1,
                ev.created_at + interval '15 milliseconds', 200, ev.created_at, ev.created_at + interval '20 milliseconds'
           from ev
         returning id, created_at
       )
       insert into attempts (id, delivery_id, number, trigger, started_at, duration_ms, succeeded, status_code, request_headers, response_headers, response_body)
       select $9 || upper(substr(md5(random()::text || dl.id), 1, 16)), dl.id, 1, 'automatic', dl.created_at + interval '12 milliseconds', 3, true, 200,
              $10::jsonb, $11::jsonb, 'ok'
         from dl`,
      [idTimePrefix('event', at), tenantId, eventBody('bench.history', new Date(at)), at, step, n, idTimePrefix('delivery', at), endpointIds, idTimePrefix('attempt', at), headers, responseHeaders],
    );
    written += n;
    onProgress(written);
  };
  await Promise.all(clients.map(async (client) => {
    for (let done = batches.shift(); done !== undefined; done = batches.shift()) await writeBatch(client, done);
  }));
  await clients[0]!.query('vacuum (analyze) events, deliveries, attempts');
  // And written out: otherwise the checkpoint that ~1.7 GB of new rows and WAL bring about
  // runs during the drain that follows, and is measured as if it were Hookline's.
  // (Needs superuser or pg_checkpoint; without them the drain may show it.)
  await clients[0]!.query('checkpoint').catch(() => undefined);
}

/** Drops every job left in the queue (the bench's own database): what one scenario leaves must not run in the next. */
export async function clearQueue(sql: pg.Client): Promise<number> {
  // First the requests still in flight when the load stopped: the app's statements that
  // were running would add jobs after the delete, and their snapshots would keep the
  // deleted rows from the vacuum below (after the ingest scenarios, 58,720 dead rows and
  // 460 live ones were left, and every job fetch of the next scenarios walked past them).
  await quiet(sql);
  const { rowCount } = await sql.query('delete from graphile_worker._private_jobs');
  // And the dead rows gone, as autovacuum would have them in a while: the next scenario
  // measures its own jobs, not an index full of the previous one's (after the ingest
  // scenarios, ~200,000 jobs deleted at once).
  await sql.query('vacuum (analyze) graphile_worker._private_jobs');
  return rowCount ?? 0;
}

/** Waits (up to 10 s) until no other session of this database runs a statement or holds a transaction open. */
async function quiet(sql: pg.Client): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await sql.query<{ busy: number }>(
      `select count(*)::int as busy from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and (backend_xid is not null or backend_xmin is not null)`,
    );
    if (rows[0]!.busy === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
