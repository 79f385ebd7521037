// Stores an event, one delivery per subscribed endpoint, and their jobs in ONE
// statement: once the producer has its 202, the event is delivered even if this
// process dies the next instant. One statement — endpoints chosen, delivery ids and
// job tokens minted, jobs queued, all in SQL — because ingest is the hot path and
// each round trip costs (3 round trips per event here before, 1 now).
//
// Group commit: events accepted while an earlier statement is still running are stored
// together by the next one (lib/util/micro-batch.ts), each request still answered only
// after its own event committed. Under load this is one statement, one commit (one WAL
// flush) and one job NOTIFY for many events instead of one each; an idle API stores
// each event at once, as before. Postgres spent ~2.4 ms of CPU per event at 32
// concurrent requests when each had its own (graphile's add_jobs, the commit, and the
// foreign-key locks 32 transactions took on the same endpoint rows).
import { Prisma } from '../generated/prisma/client.ts';
import { queryPrepared, type Tx } from '../db.ts';
import { idTimePrefix, newId } from '../ids.ts';
import { addFanOutJobsSql } from '../queue/enqueue-deliveries.ts';
import { currentTraceparent } from '../observability/tracing.ts';
import { microBatch } from '../util/micro-batch.ts';
import { acceptedEvent, type AcceptedEvent } from './serialize-event.ts';

export type NewEvent = {
  tenantId: string;
  type: string;
  data: unknown;
  idempotencyKey: string | null;
  requestHash: string | null;
  /** The trace the event's attempts join: the active span's when not given (an API request's). */
  traceparent?: string;
};

/** The Idempotency-Key was already taken (by an earlier event, or one committed meanwhile): nothing stored. */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('Idempotency-Key already taken');
  }
}
const KEY_TAKEN = Symbol('key taken');
type FanOutResult = AcceptedEvent | typeof KEY_TAKEN;
// A batch answers each of its events with a result or that event's own error.
type Settled = { ok: true; result: FanOutResult } | { ok: false; error: unknown };

// The row one event becomes, built where the request is (its clock, its trace).
type Row = {
  id: string;
  tenant_id: string;
  type: string;
  body: string;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: string;
  delivery_prefix: string;
  traceparent: string | null;
};

// At most 2 statements in flight: a batch waits for at most one statement's time.
// Events with the same Idempotency-Key never share a statement (the second would find
// the first's row only after it committed); keyless events never collide.
let keyless = 0;
const insertBatched = microBatch((rows: Row[]) => insertRowsIsolated(rows), {
  maxSize: 200,
  key: (row: Row) => (row.idempotency_key === null ? `#${keyless++}` : `${row.tenant_id}\u0000${row.idempotency_key}`),
});

/**
 * `client`: an open transaction to commit with (operational webhooks); then the event is
 * inserted alone, in it. Without one, through the group commit. An Idempotency-Key
 * already taken throws IdempotencyKeyTaken (create-event.ts looks the replay up).
 */
export async function fanOutEvent(input: NewEvent, client?: Tx): Promise<AcceptedEvent> {
  const row = toRow(input);
  let result: FanOutResult;
  if (client) result = (await insertRows([row], client))[0]!;
  else {
    const settled = await insertBatched(row);
    if (!settled.ok) throw settled.error;
    result = settled.result;
  }
  if (result === KEY_TAKEN) throw new IdempotencyKeyTaken();
  return result;
}

/**
 * A batch request's events (create-event-batch.ts): inserted together by one statement in
 * the caller's transaction, so they commit together or not at all. Answers in `inputs`'
 * order, with null for each event whose Idempotency-Key was already taken (nothing
 * stored for it; the caller looks the key up).
 */
export async function fanOutEvents(inputs: NewEvent[], tx: Tx): Promise<(AcceptedEvent | null)[]> {
  // Rows in key order: two batches sharing keys then take the keys' index entries in the
  // same order, so one waits for the other instead of both waiting for each other.
  const rows = inputs.map(toRow);
  const byKey = [...rows.keys()].sort((a, b) => compareKeys(rows[a]!.idempotency_key, rows[b]!.idempotency_key));
  const results = await insertRows(byKey.map((n) => rows[n]!), tx);
  const answers: (AcceptedEvent | null)[] = new Array(rows.length);
  byKey.forEach((n, position) => {
    const result = results[position]!;
    answers[n] = result === KEY_TAKEN ? null : result;
  });
  return answers;
}

const compareKeys = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

function toRow(input: NewEvent): Row {
  const createdAt = new Date();
  return {
    id: newId('event', createdAt.getTime()),
    tenant_id: input.tenantId,
    type: input.type,
    // The exact bytes every attempt sends and signs; built once, never re-serialised.
    body: JSON.stringify({ type: input.type, timestamp: createdAt.toISOString(), data: input.data }),
    idempotency_key: input.idempotencyKey,
    request_hash: input.requestHash,
    created_at: createdAt.toISOString(),
    delivery_prefix: idTimePrefix('delivery', createdAt.getTime()),
    traceparent: input.traceparent ?? currentTraceparent() ?? null,
  };
}

// A batch that fails (an endpoint deleted while it ran, a tenant deleted) is retried
// one event per statement, so one event's problem is that event's alone.
async function insertRowsIsolated(rows: Row[]): Promise<Settled[]> {
  try {
    return (await insertRows(rows)).map((result) => ({ ok: true, result }));
  } catch (error) {
    if (rows.length > 1) return Promise.all(rows.map(async (row) => (await insertRowsIsolated([row]))[0]!));
    // An endpoint deleted while this statement ran: choose the endpoints again.
    if (!foreignKeyViolation(error)) return [{ ok: false, error }];
    return insertRows(rows).then(
      ([result]) => [{ ok: true, result: result! }],
      (again: unknown) => [{ ok: false, error: again }],
    );
  }
}

/** An insert refused by a foreign key: an endpoint (or tenant) deleted while it ran (as pg or Prisma reports it). */
export function foreignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  return e?.code === '23503' || e?.meta?.driverAdapterError?.cause?.originalCode === '23503';
}

type Stored = { event_id: string; id: string | null; endpoint_id: string | null };

/**
 * In `client`'s transaction; without one, as the group commit's prepared statement
 * (queryPrepared): Postgres keeps its plan instead of planning each call (0.43 ms a
 * statement, ~60 µs of its CPU per event at 32 concurrent requests), and pg's client
 * costs the app less per call than Prisma's (6 % of the app's ingest profile).
 */
async function insertRows(rows: Row[], client?: Tx): Promise<FanOutResult[]> {
  const sql = insertSql(rows);
  const stored = client ? await client.$queryRaw<Stored[]>(sql) : await queryPrepared<Stored>('hookline_fan_out', sql);
  const byEvent = new Map<string, { id: string; endpointId: string }[]>();
  for (const row of stored) {
    const deliveries = byEvent.get(row.event_id) ?? [];
    if (row.id !== null && row.endpoint_id !== null) deliveries.push({ id: row.id, endpointId: row.endpoint_id });
    byEvent.set(row.event_id, deliveries);
  }
  return rows.map((row) => {
    const deliveries = byEvent.get(row.id);
    if (!deliveries) return KEY_TAKEN;
    return acceptedEvent({ id: row.id, type: row.type, createdAt: new Date(row.created_at) }, deliveries);
  });
}

function insertSql(rows: Row[]): Prisma.Sql {
  return Prisma.sql`
    with i as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as i(
        id text, tenant_id text, type text, body text, idempotency_key text, request_hash text,
        created_at timestamptz, delivery_prefix text, traceparent text)
    ), ev as (
      insert into events (id, tenant_id, type, body, idempotency_key, request_hash, created_at)
      select id, tenant_id, type, body, idempotency_key, request_hash, created_at from i
      -- A key already used: nothing stored for that event (the caller replays the first).
      on conflict (tenant_id, idempotency_key) do nothing
      returning id
    ), dl as (
      insert into deliveries (id, tenant_id, event_id, endpoint_id, job_token, next_attempt_at, created_at, updated_at)
      select i.delivery_prefix || upper(substr(md5(random()::text || clock_timestamp()::text || ep.id), 1, 16)),
             i.tenant_id, i.id, ep.id, md5(random()::text || clock_timestamp()::text || ep.id),
             -- An endpoint whose circuit is open: the job waits for its probe time (spread
             -- over a second) instead of being taken only to be put back.
             case when ep.circuit_state <> 'closed' and ep.circuit_retry_at > i.created_at
                  then ep.circuit_retry_at + random() * interval '1 second' else i.created_at end,
             i.created_at, i.created_at
        from ev
        join i on i.id = ev.id
        join endpoints ep on ep.tenant_id = i.tenant_id and ep.disabled_at is null
                         and (cardinality(ep.event_types) = 0 or i.type = any(ep.event_types))
      returning id, event_id, endpoint_id, job_token, next_attempt_at, next_attempt_at <> created_at as held
    ), r as (
      select dl.*, i.traceparent from dl join i on i.id = dl.event_id
    ), jobs as (${addFanOutJobsSql('r', Prisma.sql`rows.traceparent`)})
    select ev.id as event_id, dl.id, dl.endpoint_id
      from ev left join dl on dl.event_id = ev.id
     cross join (select count(*) from jobs) queued
     -- Id order: the order an idempotent replay reads them back in (create-event.ts).
     order by dl.id`;
}
