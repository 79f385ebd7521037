// Queues delivery jobs inside the caller's transaction (or statement), so a delivery
// row and its job commit together or not at all. One add_jobs call for the whole
// batch: one NOTIFY instead of one per job (per-row add_job capped ingest near 1k/s here).
import { Prisma } from '../generated/prisma/client.ts';
import type { Tx } from '../db.ts';
import { queueJobsSql } from './parked-jobs.ts';
import { deliveryJobKey, FAN_OUT_JOB_SIZE, LANE_PRIORITY, LANE_TASK, WAITING_PRIORITY, type DeliverJob, type Lane } from './deliver-job.ts';

export type DeliveryJobSpec = DeliverJob & { runAt?: Date; priority?: number };

// graphile-worker retries a job only when the task throws, i.e. for infrastructure
// faults (database down); delivery failures are rescheduled by Hookline itself.
const MAX_INFRA_ATTEMPTS = 25;

/**
 * Queues these jobs (graphile-worker's queue, or parked when due far ahead: parked-jobs.ts),
 * to run alone or in a CTE; `onlyIf`, a condition that decides in the same statement
 * whether they are queued.
 */
export function addJobsSql(jobs: DeliveryJobSpec[], onlyIf: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return queueJobsSql(Prisma.sql`case when ${onlyIf} then ${JSON.stringify(jobSpecs(jobs))}::json else '[]'::json end`);
}

/** graphile-worker job_spec objects for these jobs (payload, lane, priority, key). */
export function jobSpecs(jobs: DeliveryJobSpec[]) {
  return jobs.map(({ runAt, lane = 'first', priority, ...payload }) => ({
    identifier: LANE_TASK[lane],
    priority: priority ?? LANE_PRIORITY[lane],
    payload,
    run_at: runAt?.toISOString() ?? null,
    max_attempts: MAX_INFRA_ATTEMPTS,
    job_key: deliveryJobKey(payload.deliveryId),
  }));
}

/**
 * The same jobs built in SQL from the rows (id, job_token) of a CTE named `from`: for
 * bulk requeues (recover) too large to send through the client. The payload and key
 * match addJobsSql and deliveryJobKey.
 */
export function addJobsFromRowsSql(
  from: 'r' | 'dl',
  trigger: DeliverJob['trigger'],
  // One for every job, or (a Prisma.Sql) an expression over the row `rows`: each event
  // of a batched fan-out carries its own request's trace.
  traceparent: string | undefined | Prisma.Sql,
  lane: Lane = 'first',
  // The rows carry `held` and next_attempt_at: a held job waits until then, at the
  // waiting priority; the others are due at the database's now (not the app's clock).
  withHeld = false,
): Prisma.Sql {
  const timing = withHeld
    ? Prisma.sql`'run_at', case when rows.held then rows.next_attempt_at end, 'priority', case when rows.held then ${WAITING_PRIORITY} else ${LANE_PRIORITY[lane]} end::int,`
    : Prisma.sql`'priority', ${LANE_PRIORITY[lane]}::int,`;
  return queueJobsSql(Prisma.sql`(
        select coalesce(json_agg(json_build_object(
                 'identifier', ${LANE_TASK[lane]}::text,
                 ${timing}
                 'payload', json_strip_nulls(json_build_object('deliveryId', rows.id, 'token', rows.job_token, 'trigger', ${trigger}::text, 'traceparent', ${traceparent instanceof Prisma.Sql ? traceparent : Prisma.sql`${traceparent ?? null}::text`})),
                 'max_attempts', ${MAX_INFRA_ATTEMPTS}::int,
                 'job_key', 'delivery:' || rows.id)), '[]'::json)
          from ${Prisma.raw(from)} rows)`);
}

/**
 * Ingest's jobs for the new deliveries in the CTE `from` (id, event_id, job_token, held,
 * next_attempt_at): one fan-out job per event for those due now, FAN_OUT_JOB_SIZE
 * deliveries at most to a job (deliver-job.ts), without a job key; one keyed job each,
 * as addJobsFromRowsSql queues them, for those held until their endpoint's circuit
 * may close. `traceparent` as there: one for all, or an expression over `rows`.
 */
export function addFanOutJobsSql(from: 'r' | 'dl', traceparent: string | undefined | Prisma.Sql): Prisma.Sql {
  const trace = traceparent instanceof Prisma.Sql ? traceparent : Prisma.sql`${traceparent ?? null}::text`;
  // The held ones (an open circuit's, due when it may close: often far ahead) go through
  // hookline_queue_delivery_jobs, which parks those due late enough (parked-jobs.ts); the
  // fan-out jobs, due now, straight to add_jobs. The function is called only when there
  // are held ones.
  return Prisma.sql`
    select 1 from graphile_worker.add_jobs(
      array(
        select json_populate_record(null::graphile_worker.job_spec, json_build_object(
                 'identifier', ${LANE_TASK.first}::text,
                 'priority', ${LANE_PRIORITY.first}::int,
                 'payload', json_strip_nulls(json_build_object(
                   'deliveries', json_agg(json_build_object('deliveryId', rows.id, 'token', rows.job_token) order by rows.id),
                   'trigger', 'automatic', 'traceparent', min(rows.trace))),
                 'max_attempts', ${MAX_INFRA_ATTEMPTS}::int))
          from (select rows.*, ${trace} as trace,
                       (row_number() over (partition by rows.event_id order by rows.id) - 1) / ${FAN_OUT_JOB_SIZE} as chunk
                  from ${Prisma.raw(from)} rows where not rows.held) rows
         group by rows.event_id, rows.chunk),
      false
    )
     -- all held: no add_jobs (called with none, it would still NOTIFY every runner)
     where exists (select 1 from ${Prisma.raw(from)} rows where not rows.held)
    union all
    select 1 from (${queueJobsSql(Prisma.sql`(
        select json_agg(json_build_object(
                 'identifier', ${LANE_TASK.first}::text,
                 'run_at', rows.next_attempt_at,
                 'priority', ${WAITING_PRIORITY}::int,
                 'payload', json_strip_nulls(json_build_object('deliveryId', rows.id, 'token', rows.job_token, 'trigger', 'automatic', 'traceparent', ${trace})),
                 'max_attempts', ${MAX_INFRA_ATTEMPTS}::int,
                 'job_key', 'delivery:' || rows.id))
          from ${Prisma.raw(from)} rows where rows.held)`, Prisma.sql`exists (select 1 from ${Prisma.raw(from)} rows where rows.held)`)}) held`;
}

export async function enqueueDeliveries(tx: Tx, jobs: DeliveryJobSpec[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx.$executeRaw(addJobsSql(jobs));
}
