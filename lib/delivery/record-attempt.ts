// Records one attempt and decides what comes next. The attempt row, the delivery's new
// state, the next job (if any) and the endpoint's health commit together, so a crash
// leaves either all of it or none (and then the job runs again).
//
// A success is one statement (no transaction round trips); a failure is a short
// transaction, because the next attempt's time depends on the row it locks.
import { Prisma } from '../generated/prisma/client.ts';
import type { DeliveryStatus } from '../generated/prisma/client.ts';
import type { Tx } from '../db.ts';
import { db } from '../db.ts';
import { newId } from '../ids.ts';
import { newJobToken, type DeliverJob } from '../queue/deliver-job.ts';
import { enqueueDeliveries } from '../queue/enqueue-deliveries.ts';
import type { SendResult } from './http-client.ts';
import { nextAttemptDelay, type RetryPolicy } from './retry-schedule.ts';
import { recordEndpointFailure } from './record-endpoint-failure.ts';

export type AttemptRecord = {
  job: DeliverJob;
  endpointId: string;
  startedAt: Date;
  requestHeaders: Record<string, string>;
  result: SendResult;
  policy: RetryPolicy;
  disableAfterMs: number;
};

export type AttemptOutcome = {
  number: number;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  endpointDisabled: boolean;
} | null;

type Locked = { attempt_count: number; job_token: string | null; status: DeliveryStatus; created_at: Date };

export function recordAttempt(record: AttemptRecord): Promise<AttemptOutcome> {
  return record.result.ok ? recordSuccess(record) : recordFailure(record);
}

// attempts row built from the CTE `d` (the updated delivery) in the statements below.
function insertAttempt(record: AttemptRecord): Prisma.Sql {
  const { job, result } = record;
  return Prisma.sql`
    insert into attempts (id, delivery_id, number, trigger, started_at, duration_ms, succeeded, status_code,
                          request_headers, response_headers, response_body, error_class, error_message)
    select ${newId('attempt')}, d.id, d.attempt_count, ${job.trigger}::"AttemptTrigger", ${record.startedAt}, ${result.durationMs},
           ${result.ok}, ${result.statusCode}, ${JSON.stringify(record.requestHeaders)}::jsonb,
           ${result.responseHeaders ? JSON.stringify(result.responseHeaders) : null}::jsonb, ${result.responseBody},
           ${result.errorClass}, ${result.errorMessage}
      from d`;
}

// Succeeded, whoever owns the delivery now; the schedule is cleared only if this job
// still owns it (a manual retry queued meanwhile keeps its job and runs).
async function recordSuccess(record: AttemptRecord): Promise<AttemptOutcome> {
  const { job, result } = record;
  const rows = await db().$queryRaw<{ attempt_count: number }[]>`
    with d as (
      update deliveries
         set attempt_count = attempt_count + 1, last_attempt_at = ${record.startedAt},
             last_status_code = ${result.statusCode}, last_error = null, status = 'succeeded',
             next_attempt_at = case when job_token = ${job.token} then null else next_attempt_at end,
             job_token = case when job_token = ${job.token} then null else job_token end,
             updated_at = now()
       where id = ${job.deliveryId}
      returning id, attempt_count
    ), a as (${insertAttempt(record)}),
    e as (
      update endpoints set failing_since = null
       where id = ${record.endpointId} and failing_since is not null and exists (select 1 from d)
    )
    select attempt_count from d`;
  const row = rows[0];
  if (!row) return null; // deleted with its endpoint while the request was in flight
  return { number: row.attempt_count, status: 'succeeded', nextAttemptAt: null, endpointDisabled: false };
}

async function recordFailure(record: AttemptRecord): Promise<AttemptOutcome> {
  const { job, result } = record;
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Locked[]>`
      with d as (
        update deliveries
           set attempt_count = attempt_count + 1, last_attempt_at = ${record.startedAt},
               last_status_code = ${result.statusCode}, last_error = ${result.errorMessage}, updated_at = now()
         where id = ${job.deliveryId}
        returning id, attempt_count, job_token, status, created_at
      ), a as (${insertAttempt(record)})
      select attempt_count, job_token, status, created_at from d`;
    if (!row) return null;
    const next = await decideNext(tx, record, row);
    const endpointDisabled = await recordEndpointFailure(tx, record.endpointId, record.disableAfterMs);
    return { number: row.attempt_count, ...next, endpointDisabled };
  });
}

async function decideNext(tx: Tx, record: AttemptRecord, row: Locked): Promise<{ status: DeliveryStatus; nextAttemptAt: Date | null }> {
  const { job } = record;
  // A newer job (a manual retry) took over while this request was in flight: it
  // decides what happens next; this attempt only moves a pending delivery to retrying.
  if (row.job_token !== job.token) return setStatus(tx, job.deliveryId, row.status === 'pending' ? 'retrying' : row.status, false);
  // A manual attempt on a delivery that had already ended does not restart its schedule.
  if (job.trigger === 'manual' && (row.status === 'failed' || row.status === 'succeeded')) return setStatus(tx, job.deliveryId, row.status, true);
  const scheduled = nextAttemptDelay({
    attemptsMade: row.attempt_count,
    firstAttemptAt: row.created_at,
    now: new Date(),
    retryAfterMs: record.result.retryAfterMs,
    policy: record.policy,
  });
  // Cut short by our own shutdown, not the endpoint: another worker tries again at once.
  const delay = scheduled !== null && record.result.errorClass === 'worker_shutdown' ? 0 : scheduled;
  if (delay === null) return setStatus(tx, job.deliveryId, 'failed', true);
  const token = newJobToken();
  const nextAttemptAt = new Date(Date.now() + delay);
  await tx.$executeRaw`
    update deliveries set status = 'retrying', job_token = ${token}, next_attempt_at = ${nextAttemptAt} where id = ${job.deliveryId}`;
  await enqueueDeliveries(tx, [{ deliveryId: job.deliveryId, token, trigger: 'automatic', runAt: nextAttemptAt, traceparent: job.traceparent }]);
  return { status: 'retrying', nextAttemptAt };
}

async function setStatus(tx: Tx, deliveryId: string, status: DeliveryStatus, endSchedule: boolean) {
  await tx.$executeRaw`
    update deliveries
       set status = ${status}::"DeliveryStatus",
           job_token = case when ${endSchedule} then null else job_token end,
           next_attempt_at = case when ${endSchedule} then null else next_attempt_at end
     where id = ${deliveryId}`;
  return { status, nextAttemptAt: null };
}
