// Records one attempt and decides what comes next. The attempt row, the delivery's new
// state, the next job (if any) and the endpoint's count commit together, so a crash
// leaves either all of it or none (and then the job runs again); only a circuit that
// opens or an endpoint disabled by a failure that schedules a retry follows just after
// the commit (recordCommonFailure).
//
// A success is one statement (no transaction round trips); a failure is a short
// transaction, because the next attempt's time depends on the row it locks.
import { Prisma } from '../generated/prisma/client.ts';
import type { DeliveryStatus } from '../generated/prisma/client.ts';
import { db, pgTransaction, queryPrepared, ROLLBACK } from '../db.ts';
import { idTimePrefix, newId } from '../ids.ts';
import { microBatch } from '../util/micro-batch.ts';
import { newJobToken, type DeliverJob } from '../queue/deliver-job.ts';
import { addJobsSql } from '../queue/enqueue-deliveries.ts';
import type { SendResult } from './http-client.ts';
import { nextAttemptDelay, type RetryPolicy } from './retry-schedule.ts';
import { recordEndpointFailure } from './record-endpoint-failure.ts';
import { retryTransient } from '../util/retry-transient.ts';
import { logger } from '../observability/logger.ts';
import type { CircuitPolicy } from './circuit-breaker.ts';
import { emitOperationalWebhook } from '../operational-events/emit-operational-webhook.ts';
import { emitRecoveredWebhooks } from '../operational-events/emit-recovered-webhooks.ts';

export type AttemptRecord = {
  job: DeliverJob;
  endpointId: string;
  startedAt: Date;
  requestHeaders: Record<string, string>;
  result: SendResult;
  policy: RetryPolicy;
  disableAfterMs: number;
  circuit: CircuitPolicy;
};

export type AttemptOutcome = {
  number: number;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  endpointDisabled: boolean;
  circuitOpened: boolean;
  /** The endpoint's circuit was open or half-open and this success closed it. */
  circuitClosed: boolean;
} | null;

type Locked = { attempt_count: number; job_token: string | null; status: DeliveryStatus; created_at: Date };

export function recordAttempt(record: AttemptRecord): Promise<AttemptOutcome> {
  return record.result.ok ? recordSuccess(record) : recordFailure(record);
}

// The attempts being recorded, as a CTE `i` (one row each), and their attempts rows
// inserted from the CTE `d` (the updated deliveries joined with `i`).
//
// The deliveries are found by `id = any(ids)` as well as by the join with `i`: the planner
// takes json_to_recordset for 100 rows, and 100 index look-ups cost more, by its
// reckoning, than reading the whole deliveries table up to ~30,000 rows. So a smaller
// table was scanned once per statement (a batch holds ~1–15 attempts): in the bench's
// end-to-end run at 500 events/s on a fresh database, 6.6 ms per record statement, each
// slower than the last as the table grew. With the array it is an index look-up per id at
// any size (test/integration/record-plan.test.ts).
function attemptsInput(records: AttemptRecord[]): Prisma.Sql {
  const rows = records.map(({ job, result, startedAt, requestHeaders, endpointId }) => ({
    delivery_id: job.deliveryId,
    token: job.token,
    endpoint_id: endpointId,
    attempt_id: newId('attempt'),
    trigger: job.trigger,
    started_at: startedAt.toISOString(),
    duration_ms: result.durationMs,
    succeeded: result.ok,
    status_code: result.statusCode,
    request_headers: requestHeaders,
    response_headers: result.responseHeaders,
    response_body: result.responseBody,
    error_class: result.errorClass,
    error_message: result.errorMessage,
  }));
  return Prisma.sql`i as (
    select * from json_to_recordset(${JSON.stringify(rows)}::json) as i(
      delivery_id text, token text, endpoint_id text, attempt_id text, trigger text, started_at timestamptz,
      duration_ms int, succeeded boolean, status_code int, request_headers jsonb, response_headers jsonb,
      response_body text, error_class text, error_message text))`;
}

/** The records' delivery ids as a text[] parameter, for `del.id = any(…)` beside the join (above). */
function deliveryIds(records: AttemptRecord[]): Prisma.Sql {
  return Prisma.sql`${records.map((record) => record.job.deliveryId)}::text[]`;
}

const INSERT_ATTEMPTS = Prisma.sql`
  insert into attempts (id, delivery_id, number, trigger, started_at, duration_ms, succeeded, status_code,
                        request_headers, response_headers, response_body, error_class, error_message)
  select d.attempt_id, d.id, d.attempt_count, d.trigger::"AttemptTrigger", d.started_at, d.duration_ms, d.succeeded,
         d.status_code, d.request_headers, d.response_headers, d.response_body, d.error_class, d.error_message
    from d`;

// Successes that finish together are recorded together, in one statement; while the
// worker is busy (the last statement held RECORD_GATHER_FROM or more), those of the next
// RECORD_GATHER_MS share it. The webhook has gone out already, so the wait delays only
// the row (and the end of the job), not the consumer; in return a draining worker wrote
// 801 statements of ~62 rows for 50,000 deliveries instead of 3,360 of ~15, its CPU per
// delivery went from 221 to 191–201 µs and Postgres's from 111 to 89–95 µs
// (docs/benchmark.md, "Seventh round"). A trickle (isolation's 400 successes/s come 1–2
// at a time) is recorded at the end of its turn as before: each job then holds its
// graphile-worker slot no longer than it must. Up to 8 statements in flight: a job waits
// for the database, not for other jobs' batches (isolation bench: healthy p50 1.0–1.5 s
// with 8 against 1.2–2.0 s with 2).
const RECORD_GATHER_MS = 10;
const RECORD_GATHER_FROM = 8;
const recordSuccesses = microBatch(recordSuccessBatch, { maxSize: 100, key: (record: AttemptRecord) => record.job.deliveryId, maxInFlight: 8, gatherMs: RECORD_GATHER_MS, gatherFrom: RECORD_GATHER_FROM });

function recordSuccess(record: AttemptRecord): Promise<AttemptOutcome> {
  return recordSuccesses(record);
}

// Succeeded, whoever owns the delivery now; the schedule is cleared only if the
// recording job still owns it (a manual retry queued meanwhile keeps its job and runs).
async function recordSuccessBatch(records: AttemptRecord[]): Promise<AttemptOutcome[]> {
  const rows = await queryPrepared<{ id: string; attempt_count: number; circuit_closed: boolean }>('hookline_record_successes', Prisma.sql`
    with ${attemptsInput(records)},
    d as (
      update deliveries del
         set attempt_count = del.attempt_count + 1, last_attempt_at = i.started_at,
             last_status_code = i.status_code, last_error = null, status = 'succeeded',
             next_attempt_at = case when del.job_token = i.token then null else del.next_attempt_at end,
             job_token = case when del.job_token = i.token then null else del.job_token end,
             updated_at = now()
        from i
       where del.id = i.delivery_id and del.id = any(${deliveryIds(records)})
      returning del.id, del.attempt_count, i.*
    ), a as (${INSERT_ATTEMPTS}),
    -- A success clears the failure clock and closes the circuit; a closing is an
    -- operational event. Only rows with something to clear are touched.
    was as (
      select id, tenant_id, circuit_state from endpoints
       where id in (select endpoint_id from d) and (failing_since is not null or consecutive_failures > 0 or circuit_state <> 'closed')
       order by id -- lock order, so two batches cannot deadlock on two endpoints
         for no key update -- not FOR UPDATE: ingest's foreign-key checks need not wait (record-endpoint-failure.ts)
    ), e as (
      update endpoints ep
         set failing_since = null, consecutive_failures = 0, circuit_state = 'closed', circuit_trips = 0,
             circuit_retry_at = null, circuit_opened_at = null
        from was where ep.id = was.id
      returning ep.id
    ), closed as (
      insert into operational_events (id, tenant_id, endpoint_id, type, message)
      select ${idTimePrefix('operationalEvent')} || upper(substr(md5(random()::text || clock_timestamp()::text || was.id), 1, 16)),
             was.tenant_id, was.id, 'endpoint.circuit_closed', 'Circuit closed: an attempt succeeded, held deliveries go now'
        from was where was.circuit_state <> 'closed'
      returning endpoint_id
    )
    select id, attempt_count, endpoint_id in (select endpoint_id from closed) as circuit_closed from d`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // After the commit, not in it: this path is one statement with no transaction (see top).
  await emitRecoveredWebhooks(records.filter((record) => byId.get(record.job.deliveryId)?.circuit_closed).map((record) => ({ endpointId: record.endpointId, traceparent: record.job.traceparent })));
  return records.map((record) => {
    const row = byId.get(record.job.deliveryId);
    // None: deleted with its endpoint while the request was in flight.
    if (!row) return null;
    return { number: row.attempt_count, status: 'succeeded', nextAttemptAt: null, endpointDisabled: false, circuitOpened: false, circuitClosed: row.circuit_closed };
  });
}

async function recordFailure(record: AttemptRecord): Promise<AttemptOutcome> {
  // The common case (a retry scheduled, or none for a delivery someone else now owns, and
  // nothing about the endpoint but its counts changing) goes over pg; 410 Gone, and
  // whatever the common path finds it cannot do, go through Prisma.
  if (record.result.statusCode !== 410) {
    const outcome = await recordCommonFailure(record);
    if (outcome !== ROLLBACK) return outcome;
  }
  return recordAnyFailure(record);
}

// The failure's attempt row and the delivery's count, as one statement (both paths).
function recordFailureSql(record: AttemptRecord): Prisma.Sql {
  return Prisma.sql`
    with ${attemptsInput([record])},
    d as (
      update deliveries del
         set attempt_count = del.attempt_count + 1, last_attempt_at = i.started_at,
             last_status_code = i.status_code, last_error = i.error_message, updated_at = now()
        from i
       where del.id = i.delivery_id and del.id = any(${deliveryIds([record])})
      returning del.id, del.attempt_count, del.job_token as current_token, del.status, del.created_at, i.*
    ), a as (${INSERT_ATTEMPTS})
    select attempt_count, current_token as job_token, status, created_at from d`;
}

const UNCHANGED = { endpointDisabled: false, circuitOpened: false, circuitClosed: false } as const;

/**
 * A failure that does not end its delivery's retries, over pg (`pgTransaction`), not
 * Prisma's interactive transaction, whose per-query cost was ~1.2 ms of the worker's
 * thread a statement: 3.4 ms of CPU a failure, 1.2 ms this way. Beside an endpoint that
 * hangs, its 8 timeouts at once had blocked the worker's event loop for ~130 ms (stalls
 * of 11–20 ms back to back) while healthy deliveries waited (bench: isolation).
 *
 * The endpoint's count is the last statement, sent with the COMMIT in one round trip: the
 * endpoint's row lock is held only while the database runs it, so many failures of one
 * endpoint at once no longer queue for it, each ~10 ms behind the one before. It counts
 * only when nothing else about the endpoint changes (its circuit closed and below its
 * threshold after this failure, it not due to be disabled); otherwise the rest of the
 * rule — the circuit opening, the endpoint disabled and its events — follows in a
 * transaction of its own (`recordEndpointFailure`), just after this one's commit: a
 * worker that dies in between leaves that one failure uncounted. Exhausted retries: ROLLBACK,
 * nothing written, and recordAnyFailure records it all through Prisma.
 */
async function recordCommonFailure(record: AttemptRecord): Promise<AttemptOutcome | typeof ROLLBACK> {
  const { circuit, disableAfterMs } = record;
  let retryToken: string | undefined;
  const recorded = await pgTransaction(async (tx): Promise<{ outcome: AttemptOutcome; counted: boolean } | typeof ROLLBACK> => {
    const { rows: [row] } = await tx.run<Locked>(recordFailureSql(record));
    if (!row) return { outcome: null, counted: true };
    const next = await scheduleNext(async (sql) => (await tx.run(sql)).count, record, row);
    if (next === 'exhausted') return ROLLBACK;
    retryToken = next.token;
    const outcome = { number: row.attempt_count, status: next.status, nextAttemptAt: next.nextAttemptAt, ...UNCHANGED };
    // Cut short by our own shutdown: nothing the endpoint did.
    if (record.result.errorClass === 'worker_shutdown') return { outcome, counted: true };
    const counted = await tx.runAndCommit(`
      update endpoints
         set failing_since = coalesce(failing_since, now()), consecutive_failures = consecutive_failures + 1
       where id = ${tx.literal(record.endpointId)} and circuit_state = 'closed'
         and (${Math.trunc(circuit.threshold)} = 0 or consecutive_failures + 1 < ${Math.trunc(circuit.threshold)})
         and (disabled_at is not null or failing_since is null or failing_since > now() - ${Number(disableAfterMs)}::float8 * interval '1 millisecond')`);
    return { outcome, counted: counted > 0 };
  });
  if (recorded === ROLLBACK) return ROLLBACK;
  const { outcome } = recorded;
  if (recorded.counted || !outcome) return outcome;
  // The circuit opens (or is open), the endpoint is disabled now, or it is gone. The
  // attempt is committed: a fault here is logged, not thrown (a retry of the whole record
  // would record it twice).
  try {
    const failure = { gone: false, disableAfterMs, circuit, traceparent: record.job.traceparent };
    const change = await retryTransient(() => db().$transaction((tx) => recordEndpointFailure(tx, record.endpointId, failure)));
    outcome.endpointDisabled = change.disabled;
    outcome.circuitOpened = change.circuitOpened;
    // Disabled now (failing too long): the retry just scheduled is cancelled, unless a
    // manual retry replaced it meanwhile (its job finds its token gone and ends).
    if (change.disabled && retryToken) {
      const cancelled = await retryTransient(() => db().$executeRaw`
        update deliveries set status = 'failed', job_token = null, next_attempt_at = null
         where id = ${record.job.deliveryId} and job_token = ${retryToken}`);
      if (cancelled > 0) Object.assign(outcome, { status: 'failed', nextAttemptAt: null });
    }
  } catch (error) {
    logger.error({ err: error, endpointId: record.endpointId, deliveryId: record.job.deliveryId }, 'could not count a failed attempt on its endpoint');
  }
  return outcome;
}

/** Any failure, through Prisma: the endpoint's row locked, every rule (record-endpoint-failure.ts). */
async function recordAnyFailure(record: AttemptRecord): Promise<AttemptOutcome> {
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Locked[]>(recordFailureSql(record));
    if (!row) return null;
    const exec: Exec = (sql) => tx.$executeRaw(sql);
    const decideNext = async () => {
      const next = await scheduleNext(exec, record, row);
      if (next !== 'exhausted') return { status: next.status, nextAttemptAt: next.nextAttemptAt };
      const { job } = record;
      await emitOperationalWebhook(tx, { type: 'delivery.exhausted', endpointId: record.endpointId, deliveryId: job.deliveryId, reason: `Gave up after ${row.attempt_count} failed attempts: no retries left`, traceparent: job.traceparent });
      return setStatus(exec, job.deliveryId, 'failed', true);
    };
    // Cut short by our own shutdown: nothing the endpoint did.
    if (record.result.errorClass === 'worker_shutdown') return { number: row.attempt_count, ...(await decideNext()), ...UNCHANGED };
    const failure = { gone: record.result.statusCode === 410, disableAfterMs: record.disableAfterMs, circuit: record.circuit, traceparent: record.job.traceparent };
    const owner = row.job_token === record.job.token;
    if (failure.gone) {
      // Disabled by this answer: no further attempt is scheduled at all.
      const change = await recordEndpointFailure(tx, record.endpointId, failure);
      const next = change.disabled && owner ? await setStatus(exec, record.job.deliveryId, 'failed', true) : await decideNext();
      return { number: row.attempt_count, ...next, endpointDisabled: change.disabled, circuitOpened: change.circuitOpened, circuitClosed: false };
    }
    // The endpoint's row is locked last, just before the commit: every failure of the
    // endpoint waits for that lock, so it is held for one statement, not three (the
    // failing endpoint's failures had queued ~200 ms each, holding worker slots that
    // healthy endpoints' deliveries waited for; bench: isolation).
    let next = await decideNext();
    const change = await recordEndpointFailure(tx, record.endpointId, failure);
    // Disabled now (failing too long): the retry just scheduled is cancelled (its job
    // finds its token gone and ends).
    if (change.disabled && owner && next.status !== 'failed') next = await setStatus(exec, record.job.deliveryId, 'failed', true);
    return { number: row.attempt_count, ...next, endpointDisabled: change.disabled, circuitOpened: change.circuitOpened, circuitClosed: false };
  });
}

/** Runs one statement (in the caller's transaction), returning how many rows it touched. */
type Exec = (sql: Prisma.Sql) => Promise<number>;
type Next = { status: DeliveryStatus; nextAttemptAt: Date | null; token?: string };

/** What comes after a failed attempt, written through `exec`; 'exhausted' (nothing written) when no retry is left. */
async function scheduleNext(exec: Exec, record: AttemptRecord, row: Locked): Promise<Next | 'exhausted'> {
  const { job } = record;
  // A newer job (a manual retry) took over while this request was in flight: it
  // decides what happens next; this attempt only moves a pending delivery to retrying.
  if (row.job_token !== job.token) return setStatus(exec, job.deliveryId, row.status === 'pending' ? 'retrying' : row.status, false);
  // A manual attempt on a delivery that had already ended does not restart its schedule.
  if (job.trigger === 'manual' && (row.status === 'failed' || row.status === 'succeeded')) return setStatus(exec, job.deliveryId, row.status, true);
  const scheduled = nextAttemptDelay({
    attemptsMade: row.attempt_count,
    firstAttemptAt: row.created_at,
    now: new Date(),
    retryAfterMs: record.result.retryAfterMs,
    policy: record.policy,
  });
  // Cut short by our own shutdown, not the endpoint: another worker tries again at once.
  const delay = scheduled !== null && record.result.errorClass === 'worker_shutdown' ? 0 : scheduled;
  if (delay === null) return 'exhausted';
  const token = newJobToken();
  const nextAttemptAt = new Date(Date.now() + delay);
  await exec(Prisma.sql`
    update deliveries set status = 'retrying', job_token = ${token}, next_attempt_at = ${nextAttemptAt} where id = ${job.deliveryId}`);
  await exec(addJobsSql([{ deliveryId: job.deliveryId, token, trigger: 'automatic', runAt: nextAttemptAt, traceparent: job.traceparent, lane: 'retry' }]));
  return { status: 'retrying', nextAttemptAt, token };
}

async function setStatus(exec: Exec, deliveryId: string, status: DeliveryStatus, endSchedule: boolean): Promise<Next> {
  await exec(Prisma.sql`
    update deliveries
       set status = ${status}::"DeliveryStatus",
           job_token = case when ${endSchedule} then null else job_token end,
           next_attempt_at = case when ${endSchedule} then null else next_attempt_at end
     where id = ${deliveryId}`);
  return { status, nextAttemptAt: null };
}
