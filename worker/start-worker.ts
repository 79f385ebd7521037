// A delivery worker: graphile-worker running the delivery tasks, plus the lease that
// lets live workers free a crashed one's jobs. Run as many as you like against the
// same Postgres; graphile-worker's row locks hand each job to exactly one.
//
// Two graphile-worker runners share the process, its pool and its lease: one with
// FIRST_ATTEMPT_CONCURRENCY slots that take only first attempts (task `deliver`), and
// one with the rest that takes both `deliver` and `deliver_retry`. A backlog of retries
// to an endpoint that hangs can fill the second, never the first.
//
// With CANARY_URL set, the runner that takes both also takes `canary` (lib/canary), scheduled by
// graphile-worker's cron every CANARY_INTERVAL (every minute when it is shorter: then
// each run queues the next itself) and kicked once at start. The cron's own table makes
// one worker schedule each tick, and the job key keeps one canary job waiting.
//
// With RETENTION_PERIOD on (30d by default), the same runner takes `purge_retention`
// (lib/retention) from the cron on RETENTION_SCHEDULE (hourly at minute 7 by default).
//
// WORKER_METRICS_PORT also serves /health/ready (lib/health/check-worker-readiness.ts).
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { parseCronItems, run, type ParsedCronItem, type RunnerOptions, type TaskList, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import { CANARY_JOB_KEY, CANARY_TASK } from '@/lib/canary/canary-ids';
import { canaryCronPattern } from '@/lib/canary/canary-schedule';
import { configureDb, CONNECTION_LIMITS, db, WORKER_SESSION_OPTIONS } from '@/lib/db';
import { env } from '@/lib/env';
import { closeHttpAgents } from '@/lib/delivery/http-client';
import { logger } from '@/lib/observability/logger';
import { startMetricsServer } from '@/lib/observability/metrics-server';
import { initTracing, shutdownTracing } from '@/lib/observability/tracing';
import { checkWorkerReadiness } from '@/lib/health/check-worker-readiness';
import { stallAfterMs } from '@/lib/health/jobs-verdict';
import { trackRunnerActivity, type RunnerActivity } from '@/lib/health/runner-activity';
import { firstAttemptSlots } from '@/lib/delivery/endpoint-slots';
import { prefetchDeliveries } from '@/lib/delivery/load-delivery';
import { DELIVER_RETRY_TASK, DELIVER_TASK, deliveryIds } from '@/lib/queue/deliver-job';
import { graphileLogger } from '@/lib/workers/graphile-logger';
import { startLease } from '@/lib/workers/lease';
import { COMPLETE_JOB_BATCH_DELAY_MS } from '@/lib/queue/complete-job-batch';
import { keepQueueStatisticsFresh, refreshQueueStatistics } from '@/lib/queue/queue-statistics';
import { keepPromotingParkedJobs } from '@/lib/queue/parked-jobs';
import { canary } from './tasks/canary.ts';
import { deliver } from './tasks/deliver.ts';
import { PURGE_RETENTION_JOB_KEY, PURGE_RETENTION_TASK, purgeRetentionTask } from './tasks/purge-retention.ts';

export type RunningWorker = {
  workerId: string;
  /** Settles when graphile-worker stops; rejects when it aborts. */
  promise: Promise<void>;
  stop(): Promise<void>;
};

export type WorkerOptions = {
  /**
   * graphile-worker gave up on its pool (it could not record job completions, e.g. the
   * database dropped the connection): the process should exit so its supervisor starts
   * a clean one. Without this hook a dead pool would sit beside a live lease, its
   * locked jobs never released. worker/main.ts exits; in-process tests record it.
   */
  onFatal?: (reason: string, error: unknown) => void;
};

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const e = env();
  initTracing('hookline-worker');
  const workerId = `hookline-${randomBytes(6).toString('hex')}`;
  const log = logger.child({ workerId });
  // The pool (localQueue) and each of its workers lock jobs under their own ids.
  const lockIds = new Set<string>();
  let stopping: Promise<void> | undefined;
  let stopRequested = false; // set before runner.stop(), which emits `stop` synchronously
  const fatal = (reason: string) => (event: object) => {
    if (stopRequested) return;
    const error = 'error' in event ? event.error : undefined;
    log.fatal({ err: error }, reason);
    options.onFatal?.(reason, error);
  };
  // One emitter per runner, so readiness can tell what each of them is doing.
  const runnerEvents = (): WorkerEvents => {
    const events: WorkerEvents = new EventEmitter();
    events.on('pool:create', ({ workerPool }) => lockIds.add(workerPool.id));
    events.on('worker:create', ({ worker }) => lockIds.add(worker.workerId));
    // The deliveries of the jobs just fetched are loaded together, ahead of their start.
    events.on('localQueue:getJobs:complete', ({ jobs }) => prefetchDeliveries(deliveryIds(jobs)));
    events.on('pool:fatalError', fatal('graphile-worker aborted its pool'));
    events.on('worker:fatalError', fatal('a graphile-worker worker failed'));
    events.on('stop', fatal('graphile-worker stopped on its own'));
    return events;
  };

  // Attempts record through Prisma (one connection each while recording); graphile-worker
  // itself needs few: it fetches and completes jobs in batches.
  configureDb({ poolSize: Math.min(e.WORKER_CONCURRENCY, 30) + 2, sessionOptions: WORKER_SESSION_OPTIONS });
  // Prisma's client loads its query compiler on first use, blocking the event loop for a
  // few hundred ms: before any job, not in the middle of a burst of deliveries (the hot
  // path itself runs on pg; bench: a 0.5 s stall of every delivery 5 s after start).
  await db().$queryRaw`select 1`;
  const pool = new pg.Pool({ connectionString: e.DATABASE_URL, max: 10, ...CONNECTION_LIMITS, statement_timeout: e.DATABASE_STATEMENT_TIMEOUT, options: WORKER_SESSION_OPTIONS });
  // Connection-level errors (database restarted, network cut) are logged, never fatal:
  // graphile-worker reconnects, and an attempt in flight is simply made again.
  pool.on('error', (error) => log.error({ err: error }, 'idle database connection failed'));
  pool.on('connect', (client) => client.on('error', (error) => log.error({ err: error }, 'database connection failed')));
  const reserved = firstAttemptSlots(e.WORKER_CONCURRENCY, e.FIRST_ATTEMPT_CONCURRENCY);
  const activities: RunnerActivity[] = [];
  // `heldForMs`: the local queue fetches jobs in batches ahead of free slots, and hands
  // back any it held that long while every slot stayed busy. The reserved runner's few
  // slots can all be held by attempts that hang until the timeout, so its jobs go back
  // after 2 s for another runner (or worker) to take; without the local queue it would
  // fetch one job per query (≈ 25 % less drain here).
  const runnerOptions = (concurrency: number, taskList: TaskList, parsedCronItems: ParsedCronItem[] = [], heldForMs = 10_000): RunnerOptions => {
    const events = runnerEvents();
    activities.push(trackRunnerActivity(events, Object.keys(taskList), concurrency));
    return {
      pgPool: pool,
      concurrency,
      pollInterval: e.WORKER_POLL_INTERVAL,
      noHandleSignals: true,
      logger: graphileLogger(log),
      events,
      taskList,
      // Given, not read from a `crontab` file in the working directory.
      parsedCronItems,
      preset: {
        worker: {
          // Fetch a batch of jobs per query and complete them in batches: ≈ 13× the
          // drain rate of one query per job on this 2-core machine (ENVIRONMENT.md).
          localQueue: { size: concurrency + 1, ttl: heldForMs },
          completeJobBatchDelay: COMPLETE_JOB_BATCH_DELAY_MS,
          // Also what makes a database blip survivable: batched completion and failure
          // retry for minutes (20 tries, 200 ms → 30 s); unbatched failJob gives up at
          // once and its rejection kills the process (test/integration/database-blip.test.ts).
          failJobBatchDelay: 0,
          gracefulShutdownAbortTimeout: e.WORKER_SHUTDOWN_GRACE,
        },
      },
    };
  };
  const shared: TaskList = { [DELIVER_TASK]: deliver, [DELIVER_RETRY_TASK]: deliver, [PURGE_RETENTION_TASK]: purgeRetentionTask, ...(e.CANARY_URL ? { [CANARY_TASK]: canary } : {}) };
  const cron = [...(e.CANARY_URL ? canaryCron(e.CANARY_INTERVAL) : []), ...(e.RETENTION_PERIOD !== null ? retentionCron(e.RETENTION_SCHEDULE) : [])];
  // A worker started on a backlog the statistics don't know yet (queued while no worker
  // ran, or faster than anything looked) would plan graphile's queries for an empty
  // queue until the first periodic check, 5 s in: the bench's drain ran its first
  // seconds at a fraction of its rate (seconds 0–2: 67–407, 588–983, 1,097–2,574/s in
  // 3 runs; 98–1,099, 1,250–2,376, 2,021–3,214/s in 4 runs analyzed first). So the first
  // check comes before any job (test/integration/queue-statistics.test.ts).
  await refreshQueueStatistics();
  const runners = [await run(runnerOptions(e.WORKER_CONCURRENCY - reserved, shared, cron))];
  if (reserved > 0) runners.push(await run(runnerOptions(reserved, { [DELIVER_TASK]: deliver }, [], 2_000)));
  const lease = await startLease({ pool, workerId, lockIds: () => [...lockIds], heartbeatMs: e.LEASE_HEARTBEAT, ttlMs: e.LEASE_TTL, log });
  // The jobs table's statistics, current while a backlog builds (lib/queue/queue-statistics.ts).
  const statistics = keepQueueStatisticsFresh();
  // Jobs parked far ahead move to graphile-worker's queue as they come due (lib/queue/parked-jobs.ts).
  const promoter = keepPromotingParkedJobs(log);
  // The first run now rather than at the next cron minute; a canary job already waiting keeps its time.
  if (e.CANARY_URL) await runners[0]!.addJob(CANARY_TASK, {}, { jobKey: CANARY_JOB_KEY, jobKeyMode: 'preserve_run_at' });
  const ready = async () => {
    const readiness = await checkWorkerReadiness({ pool, workerId, runners: activities, ttlMs: e.LEASE_TTL, stallMs: stallAfterMs(e.WORKER_POLL_INTERVAL), promoter });
    return { status: readiness.status === 'ok' ? 200 : 503, body: readiness };
  };
  const metricsServer = e.WORKER_METRICS_PORT ? await startMetricsServer(e.WORKER_METRICS_PORT, undefined, { '/health/ready': ready }) : undefined;
  log.info({ concurrency: e.WORKER_CONCURRENCY, firstAttemptSlots: reserved, metricsPort: e.WORKER_METRICS_PORT, canaryInterval: e.CANARY_URL ? e.CANARY_INTERVAL : undefined }, 'worker started');

  return {
    workerId,
    promise: Promise.all(runners.map((runner) => runner.promise)).then(() => undefined),
    stop() {
      stopRequested = true;
      stopping ??= (async () => {
        log.info('worker stopping');
        statistics.stop();
        metricsServer?.close();
        await promoter.stop();
        await Promise.all(runners.map((runner) => runner.stop()));
        await lease.stop();
        await pool.end();
        await closeHttpAgents();
        await shutdownTracing();
      })();
      return stopping;
    },
  };
}

/** Retention on RETENTION_SCHEDULE; one job at a time across workers (its key), no backfill of missed runs. */
function retentionCron(match: string): ParsedCronItem[] {
  return parseCronItems([
    {
      task: PURGE_RETENTION_TASK,
      identifier: 'hookline_purge_retention',
      match,
      options: { backfillPeriod: 0, jobKey: PURGE_RETENTION_JOB_KEY, jobKeyMode: 'preserve_run_at' },
    },
  ]);
}

/** The canary's cron item: its job key keeps one waiting; no backfill of missed minutes. */
function canaryCron(intervalMs: number): ParsedCronItem[] {
  return parseCronItems([
    {
      task: CANARY_TASK,
      identifier: 'hookline_canary',
      match: canaryCronPattern(intervalMs),
      options: { backfillPeriod: 0, jobKey: CANARY_JOB_KEY, jobKeyMode: 'preserve_run_at' },
    },
  ]);
}
