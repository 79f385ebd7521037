// Queues delivery jobs inside the caller's transaction, so a delivery row and its job
// commit together or not at all. One add_jobs call for the whole batch: one NOTIFY
// instead of one per job (per-row add_job capped ingest near 1k/s here).
import type { Tx } from '../db.ts';
import { DELIVER_TASK, deliveryJobKey, type DeliverJob } from './deliver-job.ts';

export type DeliveryJobSpec = DeliverJob & { runAt?: Date };

// graphile-worker retries a job only when the task throws, i.e. for infrastructure
// faults (database down); delivery failures are rescheduled by Hookline itself.
const MAX_INFRA_ATTEMPTS = 25;

export async function enqueueDeliveries(tx: Tx, jobs: DeliveryJobSpec[]): Promise<void> {
  if (jobs.length === 0) return;
  const specs = jobs.map(({ runAt, ...payload }) => ({
    identifier: DELIVER_TASK,
    payload,
    run_at: runAt?.toISOString() ?? null,
    max_attempts: MAX_INFRA_ATTEMPTS,
    job_key: deliveryJobKey(payload.deliveryId),
  }));
  await tx.$executeRaw`
    select 1 from graphile_worker.add_jobs(
      array(select json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json)),
      false
    )`;
}
