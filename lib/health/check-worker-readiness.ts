// A worker's readiness (GET /health/ready on WORKER_METRICS_PORT): its database answers
// within 2 s, its own lease was renewed within LEASE_TTL (otherwise other workers are
// about to reap it and free its jobs), each of its runners is taking jobs
// (jobs-verdict.ts), and its promoter of parked jobs (lib/queue/parked-jobs.ts) finished
// a round within PROMOTER_STALL_MS (a round a second: a worker whose promoter keeps
// failing would leave jobs parked past their time). 503 with the same details when any
// of them is not so.
import type { Pool } from 'pg';
import { jobsState, runnerNeedsQueueCheck, type JobsState } from './jobs-verdict.ts';
import type { RunnerActivity } from './runner-activity.ts';
import { withTimeout } from './with-timeout.ts';

const TIMEOUT_MS = 2_000;
export const PROMOTER_STALL_MS = 10_000;

export type LeaseState = 'ok' | 'stale' | 'missing' | 'unknown';

export type WorkerReadiness = {
  status: 'ok' | 'unavailable';
  workerId: string;
  database: 'ok' | 'unreachable';
  lease: { status: LeaseState; heartbeatAgeMs: number | null; ttlMs: number };
  jobs: {
    status: JobsState | 'unknown';
    stallAfterMs: number;
    runners: { tasks: string[]; slots: number; busy: number; lastTakenAt: string; oldestDueAgeMs: number | null; status: JobsState | 'unknown' }[];
  };
  parking: { status: 'ok' | 'stalled'; lastRoundAgeMs: number };
};

export type WorkerReadinessInput = { pool: Pool; workerId: string; runners: RunnerActivity[]; ttlMs: number; stallMs: number; promoter: { lastRoundAt(): number } };

export async function checkWorkerReadiness({ pool, workerId, runners, ttlMs, stallMs, promoter }: WorkerReadinessInput): Promise<WorkerReadiness> {
  const now = Date.now();
  let database: WorkerReadiness['database'] = 'ok';
  let leaseAgeMs: number | null = null;
  let oldestDue: (number | null | undefined)[] = runners.map(() => undefined);
  try {
    leaseAgeMs = await withTimeout(readLeaseAge(pool, workerId), TIMEOUT_MS);
    oldestDue = await withTimeout(
      Promise.all(runners.map((r) => (runnerNeedsQueueCheck(r, now, stallMs) === 'check' ? oldestDueAgeMs(pool, r.tasks) : Promise.resolve(undefined)))),
      TIMEOUT_MS,
    );
  } catch {
    database = 'unreachable';
  }
  const lease: LeaseState = database !== 'ok' ? 'unknown' : leaseAgeMs === null ? 'missing' : leaseAgeMs < ttlMs ? 'ok' : 'stale';
  const runnerRows = runners.map((r, i) => {
    const due = oldestDue[i];
    // Without the database only a stopped runner is known for sure.
    const status: JobsState | 'unknown' = r.stopped ? 'stopped' : database !== 'ok' ? 'unknown' : jobsState(r, now, stallMs, due ?? null);
    return { tasks: r.tasks, slots: r.slots, busy: r.busy, lastTakenAt: new Date(r.lastTakenAt).toISOString(), oldestDueAgeMs: due ?? null, status };
  });
  const jobs = runnerRows.find((r) => r.status !== 'ok')?.status ?? 'ok';
  const lastRoundAgeMs = Math.max(0, now - promoter.lastRoundAt());
  const parking = { status: lastRoundAgeMs < PROMOTER_STALL_MS ? ('ok' as const) : ('stalled' as const), lastRoundAgeMs };
  const ready = database === 'ok' && lease === 'ok' && jobs === 'ok' && parking.status === 'ok';
  return { status: ready ? 'ok' : 'unavailable', workerId, database, lease: { status: lease, heartbeatAgeMs: leaseAgeMs, ttlMs }, jobs: { status: jobs, stallAfterMs: stallMs, runners: runnerRows }, parking };
}

// The database's clock, the one the heartbeats are stamped with.
async function readLeaseAge(pool: Pool, workerId: string): Promise<number | null> {
  const { rows } = await pool.query<{ age_ms: number }>(
    `select (extract(epoch from now() - heartbeat_at) * 1000)::float8 as age_ms from worker_leases where worker_id = $1`,
    [workerId],
  );
  return rows[0] ? Math.max(0, Math.round(rows[0].age_ms)) : null;
}

// Jobs this runner could take right now: available, due, not in a locked queue.
async function oldestDueAgeMs(pool: Pool, tasks: string[]): Promise<number | null> {
  const { rows } = await pool.query<{ age_ms: number | null }>(
    `select (extract(epoch from now() - min(j.run_at)) * 1000)::float8 as age_ms
       from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
      where j.is_available and j.run_at <= now() and t.identifier = any($1::text[])
        and (j.job_queue_id is null or exists (
              select 1 from graphile_worker._private_job_queues q where q.id = j.job_queue_id and q.locked_at is null))`,
    [tasks],
  );
  const age = rows[0]?.age_ms;
  return age === null || age === undefined ? null : Math.round(age);
}
