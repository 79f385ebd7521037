// The workers that hold a lease: each heartbeats every LEASE_HEARTBEAT, and one silent
// for LEASE_TTL is stale (presumed dead; the next live worker's beat reaps it and frees
// its jobs). Ages come from the database's clock, the one the heartbeats use.
import { db } from '../db.ts';
import { env } from '../env.ts';

export type WorkerRow = {
  workerId: string;
  hostname: string;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
  heartbeatAgeMs: number;
  /** graphile-worker jobs locked under this worker's lock ids right now. */
  lockedJobs: number;
  stale: boolean;
};

type Row = { worker_id: string; hostname: string; pid: number; started_at: Date; heartbeat_at: Date; age_ms: number; locked_jobs: number };

export type WorkerStatus = { leaseTtlMs: number; rows: WorkerRow[] };

export async function workerStatus(): Promise<WorkerStatus> {
  const ttlMs = env().LEASE_TTL;
  const rows = await db().$queryRaw<Row[]>`
    select l.worker_id, l.hostname, l.pid, l.started_at, l.heartbeat_at,
           (extract(epoch from now() - l.heartbeat_at) * 1000)::float8 as age_ms,
           (select count(*) from graphile_worker._private_jobs j where j.locked_by = any(l.lock_ids))::int as locked_jobs
      from worker_leases l
     order by l.started_at, l.worker_id`;
  const workers = rows.map((r) => {
    const heartbeatAgeMs = Math.max(0, Math.round(r.age_ms));
    return {
      workerId: r.worker_id,
      hostname: r.hostname,
      pid: r.pid,
      startedAt: r.started_at.toISOString(),
      heartbeatAt: r.heartbeat_at.toISOString(),
      heartbeatAgeMs,
      lockedJobs: r.locked_jobs,
      stale: heartbeatAgeMs > ttlMs,
    };
  });
  return { leaseTtlMs: ttlMs, rows: workers };
}
