// A delivery worker: graphile-worker running the `deliver` task, plus the lease that
// lets live workers free a crashed one's jobs. Run as many as you like against the
// same Postgres; graphile-worker's row locks hand each job to exactly one.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { run, type Runner, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import { configureDb } from '@/lib/db';
import { env } from '@/lib/env';
import { closeHttpAgents } from '@/lib/delivery/http-client';
import { logger } from '@/lib/observability/logger';
import { startMetricsServer } from '@/lib/observability/metrics-server';
import { initTracing, shutdownTracing } from '@/lib/observability/tracing';
import { DELIVER_TASK } from '@/lib/queue/deliver-job';
import { graphileLogger } from '@/lib/workers/graphile-logger';
import { startLease } from '@/lib/workers/lease';
import { deliver } from './tasks/deliver.ts';

export type RunningWorker = { workerId: string; runner: Runner; stop(): Promise<void> };

export async function startWorker(): Promise<RunningWorker> {
  const e = env();
  initTracing('hookline-worker');
  const workerId = `hookline-${randomBytes(6).toString('hex')}`;
  const log = logger.child({ workerId });
  // The pool (localQueue) and each of its workers lock jobs under their own ids.
  const lockIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool }) => lockIds.add(workerPool.id));
  events.on('worker:create', ({ worker }) => lockIds.add(worker.workerId));

  // Attempts record through Prisma (one connection each while recording); graphile-worker
  // itself needs few: it fetches and completes jobs in batches.
  configureDb({ poolSize: Math.min(e.WORKER_CONCURRENCY, 30) + 2 });
  const pool = new pg.Pool({ connectionString: e.DATABASE_URL, max: 8 });
  // Connection-level errors (database restarted, network cut) are logged, never fatal:
  // graphile-worker reconnects, and an attempt in flight is simply made again.
  pool.on('error', (error) => log.error({ err: error }, 'idle database connection failed'));
  pool.on('connect', (client) => client.on('error', (error) => log.error({ err: error }, 'database connection failed')));
  const runner = await run({
    pgPool: pool,
    concurrency: e.WORKER_CONCURRENCY,
    pollInterval: e.WORKER_POLL_INTERVAL,
    noHandleSignals: true,
    logger: graphileLogger(log),
    events,
    taskList: { [DELIVER_TASK]: deliver },
    preset: {
      worker: {
        // Fetch a batch of jobs per query and complete them in batches: ≈ 13× the
        // drain rate of one query per job on this 2-core machine (ENVIRONMENT.md).
        localQueue: { size: e.WORKER_CONCURRENCY + 1, ttl: 60_000 },
        completeJobBatchDelay: 0,
        gracefulShutdownAbortTimeout: e.WORKER_SHUTDOWN_GRACE,
      },
    },
  });
  const lease = await startLease({ pool, workerId, lockIds: () => [...lockIds], heartbeatMs: e.LEASE_HEARTBEAT, ttlMs: e.LEASE_TTL, log });
  const metricsServer = e.WORKER_METRICS_PORT ? await startMetricsServer(e.WORKER_METRICS_PORT) : undefined;
  log.info({ concurrency: e.WORKER_CONCURRENCY, metricsPort: e.WORKER_METRICS_PORT }, 'worker started');

  let stopping: Promise<void> | undefined;
  return {
    workerId,
    runner,
    stop() {
      stopping ??= (async () => {
        log.info('worker stopping');
        metricsServer?.close();
        await runner.stop();
        await lease.stop();
        await pool.end();
        await closeHttpAgents();
        await shutdownTracing();
      })();
      return stopping;
    },
  };
}
