// The database lease that frees a dead worker's jobs in seconds instead of graphile-
// worker's 4-hour lock expiry. Every worker heartbeats into worker_leases; each beat
// also reaps leases silent for longer than the TTL: their rows are deleted and the
// graphile-worker lock owners they held are force-unlocked, in one transaction, so
// two live workers reaping at once free each dead lease once.
//
// Two refinements, both found by test/integration/chaos.test.ts:
// - A worker reaps only after its own heartbeats have succeeded for a whole TTL. After a
//   database outage every lease looks expired, but the other workers are alive and
//   about to beat again; reaping them would hand their in-flight jobs out twice.
// - Jobs locked by an owner that no lease names (a worker that died between locking its
//   first jobs and writing its lease) are released once locked for longer than the TTL,
//   instead of waiting for graphile-worker's 4-hour expiry. Checked once per TTL.
import { hostname } from 'node:os';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../observability/logger.ts';

export type LeaseOptions = {
  pool: Pool;
  workerId: string;
  lockIds: () => string[];
  heartbeatMs: number;
  ttlMs: number;
  log: Logger;
};

export type Lease = { stop(): Promise<void> };

export async function startLease(options: LeaseOptions): Promise<Lease> {
  const { pool, workerId, log, ttlMs } = options;
  await heartbeat(options);
  // A predecessor on this host whose process is gone (a supervisor restarting a crashed
  // worker) is certainly dead: free its jobs now rather than after a TTL.
  await reapDeadLocalLeases(pool, log, options.heartbeatMs).catch((error: unknown) => log.warn({ err: error }, 'could not reap dead local leases'));
  // Otherwise a fresh worker has seen the database only just now: it too waits a TTL before reaping.
  let healthySince = Date.now();
  let lastOrphanSweep = Date.now();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const beat = async () => {
    try {
      await heartbeat(options);
      if (Date.now() - healthySince < ttlMs) return;
      await reapExpiredLeases(pool, ttlMs, log);
      if (Date.now() - lastOrphanSweep >= ttlMs) {
        lastOrphanSweep = Date.now();
        await releaseOrphanedLocks(pool, ttlMs, log);
      }
    } catch (error) {
      // The database may be briefly away; the next beat tries again, and reaping waits
      // until beats have succeeded for a TTL again.
      healthySince = Date.now();
      log.warn({ err: error }, 'lease heartbeat failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = beat().then(schedule);
    }, options.heartbeatMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await pool.query('delete from worker_leases where worker_id = $1', [workerId]);
    },
  };
}

// Upsert, not update: a worker that was paused past its TTL and reaped comes back.
async function heartbeat({ pool, workerId, lockIds }: LeaseOptions): Promise<void> {
  await pool.query(
    `insert into worker_leases (worker_id, lock_ids, hostname, pid)
     values ($1, $2, $3, $4)
     on conflict (worker_id) do update set heartbeat_at = now(), lock_ids = excluded.lock_ids`,
    [workerId, lockIds(), hostname(), process.pid],
  );
}

export function reapExpiredLeases(pool: Pool, ttlMs: number, log: Logger): Promise<string[]> {
  return reapLeases(pool, log, `heartbeat_at < now() - $1 * interval '1 millisecond'`, [ttlMs]);
}

async function reapDeadLocalLeases(pool: Pool, log: Logger, heartbeatMs: number): Promise<string[]> {
  const { rows } = await pool.query<{ pid: number }>('select distinct pid from worker_leases where hostname = $1 and pid <> $2', [hostname(), process.pid]);
  const dead = rows.map((row) => row.pid).filter((pid) => !processAlive(pid));
  if (dead.length === 0) return [];
  // Same host name and no such pid here; and silent for two beats, since containers that
  // share a host name don't share a pid namespace (a live sibling keeps beating).
  return reapLeases(pool, log, `hostname = $1 and pid = any($2::int[]) and heartbeat_at < now() - $3 * interval '1 millisecond'`, [hostname(), dead, 2 * heartbeatMs]);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function reapLeases(pool: Pool, log: Logger, where: string, params: unknown[]): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ worker_id: string; lock_ids: string[] }>(
      `delete from worker_leases where ${where} returning worker_id, lock_ids`,
      params,
    );
    const lockIds = rows.flatMap((row) => row.lock_ids);
    if (lockIds.length > 0) await releaseLocks(client, lockIds);
    await client.query('commit');
    if (rows.length > 0) log.warn({ workers: rows.map((r) => r.worker_id), lockIds: lockIds.length }, 'released the jobs of workers whose lease expired');
    return rows.map((row) => row.worker_id);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Jobs locked for longer than the TTL by an owner that no lease names. */
export async function releaseOrphanedLocks(pool: Pool, ttlMs: number, log: Logger): Promise<string[]> {
  const { rows } = await pool.query<{ locked_by: string }>(
    `select distinct j.locked_by from graphile_worker._private_jobs j
      where j.locked_by is not null and j.locked_at < now() - $1 * interval '1 millisecond'
        and not exists (select 1 from worker_leases l where j.locked_by = any(l.lock_ids))`,
    [ttlMs],
  );
  const owners = rows.map((row) => row.locked_by);
  if (owners.length === 0) return owners;
  const client = await pool.connect();
  try {
    await client.query('begin');
    await releaseLocks(client, owners);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  log.warn({ owners }, 'released jobs locked by workers that never wrote a lease');
  return owners;
}

/**
 * Unlocks these owners' jobs. Their keys go first: the owner may still be alive (taken
 * for dead after an outage, or partitioned), and if it records a failed attempt it
 * queues the next one under the delivery's job_key. graphile-worker's add_jobs would
 * write that into the unlocked running row, which graphile then deletes by id when the
 * running job completes — the delivery left retrying with no job (found by the chaos
 * suite). Without its key, the running row is never add_jobs' target; a keyless job
 * that runs again finds its token stale and ends.
 */
async function releaseLocks(client: PoolClient, owners: string[]): Promise<void> {
  // Rows add_jobs already superseded (it took their key and spent their attempts when a
  // newer job for the delivery was queued): the newer job carries on; unlocked, these
  // would stay forever as "exhausted".
  await client.query('delete from graphile_worker._private_jobs where locked_by = any($1::text[]) and key is null and attempts >= max_attempts', [owners]);
  await client.query('update graphile_worker._private_jobs set key = null where locked_by = any($1::text[]) and key is not null', [owners]);
  await client.query('select graphile_worker.force_unlock_workers($1::text[])', [owners]);
}
