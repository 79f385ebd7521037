// The queue as graphile-worker holds it, and the jobs parked until shortly before they
// are due (lib/queue/parked-jobs.ts), read-only. Finished jobs are deleted, so the table
// holds only work in progress and one pass over it is cheap.
// is_available = not locked and attempts < max_attempts (a generated column, indexed).
import { db } from '../db.ts';

export type QueueStats = {
  /** Due now, waiting for a free worker slot (or parked past its time: no worker moving them). */
  ready: number;
  /**
   * Due later: Hookline's retries, and jobs waiting on a busy or rate-limited endpoint or
   * an open circuit; those due 5 s or more ahead wait in parked_jobs (lib/queue/parked-jobs.ts).
   */
  scheduled: number;
  /** Locked by a worker: attempts in flight (or held in a worker's local queue). */
  locked: number;
  /** graphile-worker gave up (attempts >= max_attempts): the task kept throwing. */
  exhausted: number;
  /** How long the oldest ready job has been due: the queue's lag. */
  oldestReadyAgeMs: number | null;
};

type Row = { ready: number; scheduled: number; locked: number; exhausted: number; oldest_ready_age_ms: number | null };

export async function queueStats(): Promise<QueueStats> {
  const [row] = await db().$queryRaw<Row[]>`
    with parked as (
      select count(*) filter (where run_at <= now())::int as overdue, count(*) filter (where run_at > now())::int as later,
             min(run_at) filter (where run_at <= now()) as oldest_overdue
        from parked_jobs
    )
    select count(*) filter (where is_available and run_at <= now())::int + (select overdue from parked) as ready,
           count(*) filter (where is_available and run_at > now())::int + (select later from parked) as scheduled,
           count(*) filter (where locked_at is not null)::int as locked,
           count(*) filter (where locked_at is null and attempts >= max_attempts)::int as exhausted,
           (extract(epoch from now() - least(min(run_at) filter (where is_available and run_at <= now()), (select oldest_overdue from parked))) * 1000)::float8 as oldest_ready_age_ms
      from graphile_worker._private_jobs`;
  return {
    ready: row!.ready,
    scheduled: row!.scheduled,
    locked: row!.locked,
    exhausted: row!.exhausted,
    oldestReadyAgeMs: row!.oldest_ready_age_ms === null ? null : Math.round(row!.oldest_ready_age_ms),
  };
}
