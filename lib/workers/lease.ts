// The database lease that frees a dead worker's jobs in seconds instead of graphile-
// worker's 4-hour lock expiry. Every worker heartbeats into worker_leases; each beat
// also reaps leases silent for longer than the TTL: their rows are deleted and the
// graphile-worker lock owners they held are force-unlocked, in one transaction, so
// two live workers reaping at once free each dead lease once.
import { hostname } from 'node:os';
import type { Pool } from 'pg';
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
  const { pool, workerId, log } = options;
  await heartbeat(options);
  await reapExpiredLeases(pool, options.ttlMs, log);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const beat = async () => {
    try {
      await heartbeat(options);
      await reapExpiredLeases(pool, options.ttlMs, log);
    } catch (error) {
      // The database may be briefly away; the next beat tries again.
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

export async function reapExpiredLeases(pool: Pool, ttlMs: number, log: Logger): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ worker_id: string; lock_ids: string[] }>(
      `delete from worker_leases where heartbeat_at < now() - $1 * interval '1 millisecond' returning worker_id, lock_ids`,
      [ttlMs],
    );
    const lockIds = rows.flatMap((row) => row.lock_ids);
    if (lockIds.length > 0) await client.query('select graphile_worker.force_unlock_workers($1::text[])', [lockIds]);
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
