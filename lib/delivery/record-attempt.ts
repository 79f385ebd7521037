// Records one attempt and decides what comes next, in one transaction: the attempt
// row, the delivery's new state, the next job (if any) and the endpoint's health
// commit together, so a crash leaves either all of it or none (and then the job runs
// again).
import type { Tx } from '../db.ts';
import { db } from '../db.ts';
import { newId } from '../ids.ts';
import type { DeliveryStatus } from '../generated/prisma/client.ts';
import { newJobToken, type DeliverJob } from '../queue/deliver-job.ts';
import { enqueueDeliveries } from '../queue/enqueue-deliveries.ts';
import type { SendResult } from './http-client.ts';
import { nextAttemptDelay, type RetryPolicy } from './retry-schedule.ts';
import { updateEndpointHealth } from './update-endpoint-health.ts';

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

export async function recordAttempt(record: AttemptRecord): Promise<AttemptOutcome> {
  const { job, result } = record;
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Locked[]>`
      update deliveries
         set attempt_count = attempt_count + 1, last_attempt_at = ${record.startedAt},
             last_status_code = ${result.statusCode}, last_error = ${result.ok ? null : result.errorMessage}, updated_at = now()
       where id = ${job.deliveryId}
      returning attempt_count, job_token, status, created_at`;
    if (!row) return null; // deleted with its endpoint while the request was in flight
    await tx.attempt.create({
      data: {
        id: newId('attempt'),
        deliveryId: job.deliveryId,
        number: row.attempt_count,
        trigger: job.trigger,
        startedAt: record.startedAt,
        durationMs: result.durationMs,
        succeeded: result.ok,
        statusCode: result.statusCode,
        requestHeaders: record.requestHeaders,
        responseHeaders: result.responseHeaders ?? undefined,
        responseBody: result.responseBody,
        errorClass: result.errorClass,
        errorMessage: result.errorMessage,
      },
    });
    const next = await decideNext(tx, record, row);
    const endpointDisabled = await updateEndpointHealth(tx, record.endpointId, result.ok, record.disableAfterMs);
    return { number: row.attempt_count, ...next, endpointDisabled };
  });
}

async function decideNext(tx: Tx, record: AttemptRecord, row: Locked) {
  const { job, result } = record;
  // A newer job (a manual retry) took over while this request was in flight: it
  // decides what happens next; this attempt only updates the status it observed.
  const current = row.job_token === job.token;
  const finish = async (status: DeliveryStatus) => {
    await tx.delivery.update({
      where: { id: job.deliveryId },
      data: { status, ...(current ? { jobToken: null, nextAttemptAt: null } : {}) },
    });
    return { status, nextAttemptAt: null };
  };
  if (result.ok) return finish('succeeded');
  if (!current) return finish(row.status === 'pending' ? 'retrying' : row.status);
  // A manual attempt on a delivery that had already ended does not restart its schedule.
  if (job.trigger === 'manual' && (row.status === 'failed' || row.status === 'succeeded')) return finish(row.status);
  const delay = nextAttemptDelay({
    attemptsMade: row.attempt_count,
    firstAttemptAt: row.created_at,
    now: new Date(),
    retryAfterMs: result.retryAfterMs,
    policy: record.policy,
  });
  if (delay === null) return finish('failed');
  const token = newJobToken();
  const nextAttemptAt = new Date(Date.now() + delay);
  await tx.delivery.update({ where: { id: job.deliveryId }, data: { status: 'retrying', jobToken: token, nextAttemptAt } });
  await enqueueDeliveries(tx, [{ deliveryId: job.deliveryId, token, trigger: 'automatic', runAt: nextAttemptAt }]);
  return { status: 'retrying' as const, nextAttemptAt };
}
