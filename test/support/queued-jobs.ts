// The queued jobs that would attempt these deliveries, one row per (job, delivery): a
// delivery's own job (key `delivery:<id>`: a retry, a put-back, a manual retry, one held
// by an open circuit) or ingest's fan-out job of its event's first attempts (no key,
// `fanOut` deliveries in it; lib/queue/deliver-job.ts). A job due far ahead waits parked
// in Hookline's own table until shortly before (lib/queue/parked-jobs.ts): listed too,
// `parked`, with its key for an id.
import { db } from '@/lib/db';

export type QueuedJob = {
  jobId: string;
  task: string;
  key: string | null;
  delivery: string;
  token: string;
  trigger: string;
  traceparent: string | null;
  runAt: Date;
  priority: number;
  attempts: number;
  lockedBy: string | null;
  /** Deliveries the job carries: null for a delivery's own job. */
  fanOut: number | null;
  /** In parked_jobs, not yet in graphile-worker's queue. */
  parked: boolean;
};

export function queuedJobs(deliveryIds: string[]): Promise<QueuedJob[]> {
  return db().$queryRaw<QueuedJob[]>`
    select * from (
    select j.id::text as "jobId", t.identifier as task, j.key, d->>'deliveryId' as delivery, d->>'token' as token,
           j.payload->>'trigger' as trigger, j.payload->>'traceparent' as traceparent, j.run_at as "runAt", j.priority,
           j.attempts, j.locked_by as "lockedBy", json_array_length(j.payload->'deliveries') as "fanOut", false as parked
      from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     cross join lateral json_array_elements(case when j.payload->'deliveries' is null then json_build_array(j.payload) else j.payload->'deliveries' end) d
     where d->>'deliveryId' = any(${deliveryIds}::text[])
    union all
    select p.key, p.spec->>'identifier', p.key, p.delivery_id, p.spec->'payload'->>'token',
           p.spec->'payload'->>'trigger', p.spec->'payload'->>'traceparent', p.run_at, (p.spec->>'priority')::int,
           0, null, null, true
      from parked_jobs p
     where p.delivery_id = any(${deliveryIds}::text[])
    ) jobs
     -- graphile's jobs in id order (numeric: shorter first), then the parked ones
     order by parked, length("jobId"), "jobId", delivery`;
}
