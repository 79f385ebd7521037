// Database-wide gauges, read when /metrics is scraped: jobs due and untaken, how long the
// oldest of them has waited, circuits open, endpoints disabled. One round of small
// bounded queries serves every gauge of a scrape and is reused for MAX_AGE_MS, so
// frequent scrapes (or several Prometheus servers) cost one round per process per 5 s.
//
// Both the app (/api/metrics) and each worker (WORKER_METRICS_PORT) expose them: the
// app keeps the queue visible while every worker is down, which is when it matters.
// They describe the database, not the process: aggregate with max(), never sum().
import { db } from '../db.ts';
import { env } from '../env.ts';
import { LANE_PRIORITY, WAITING_PRIORITY } from '../queue/deliver-job.ts';
import { logger } from './logger.ts';

const MAX_AGE_MS = 5_000;

export type DatabaseGauges = {
  /** Due and not taken, counted up to QUEUE_MAX_READY (where ingest refuses events anyway); parked ones past their time included. */
  readyJobs: number;
  /**
   * How long the oldest due, untaken job has been due: the queue's lag; 0 when none is.
   * A parked job (lib/queue/parked-jobs.ts) still parked past its time counts too.
   */
  oldestReadyAgeSeconds: number;
  /** Enabled endpoints whose circuit is open or probing (their deliveries are held). */
  circuitsOpen: number;
  endpointsDisabled: number;
};

type Row = { ready: number; oldest_ready_age_seconds: number; circuits_open: number; endpoints_disabled: number };

let sample: { at: number; value: Promise<DatabaseGauges | null> } | undefined;

/** The current values, at most MAX_AGE_MS old; null when the database could not be read. */
export function databaseGauges(): Promise<DatabaseGauges | null> {
  if (!sample || Date.now() - sample.at >= MAX_AGE_MS) {
    const entry: NonNullable<typeof sample> = { at: Date.now(), value: Promise.resolve(null) };
    entry.value = readGauges().catch((error: unknown) => {
      logger.warn({ err: error }, 'metrics: could not read the database-wide gauges');
      if (sample === entry) sample = undefined; // not a value: the next scrape reads again
      return null;
    });
    sample = entry;
  }
  return sample.value;
}

// ready: stops at the cap (graphile-worker's partial index on available jobs). Oldest:
// the earliest available job of each priority is one index step (priority, run_at); the
// earliest of those is the oldest ready job if it is due at all; the earliest parked job,
// one step on parked_jobs (run_at). Endpoints: one pass
// over a table that grows with tenants' endpoints, not with traffic.
async function readGauges(): Promise<DatabaseGauges> {
  const [row] = await db().$queryRaw<Row[]>`
    select
      ((select count(*) from (
          select 1 from graphile_worker._private_jobs where is_available and run_at <= now() limit ${env().QUEUE_MAX_READY}
        ) due)
       + (select count(*) from (select 1 from parked_jobs where run_at <= now() limit ${env().QUEUE_MAX_READY}) overdue))::int as ready,
      (select coalesce(extract(epoch from now() - min(oldest.run_at)), 0) from (
         select first.run_at
           from unnest(${[...Object.values(LANE_PRIORITY), WAITING_PRIORITY]}::int[]) as p(priority),
                lateral (select j.run_at from graphile_worker._private_jobs j
                          where j.is_available and j.priority = p.priority order by j.run_at limit 1) first
          where first.run_at <= now()
         union all
         -- a parked job past its time: the workers are not moving them to the queue
         select min(run_at) from parked_jobs where run_at <= now()) oldest)::float8 as oldest_ready_age_seconds,
      (select count(*) from endpoints where disabled_at is null and circuit_state <> 'closed')::int as circuits_open,
      (select count(*) from endpoints where disabled_at is not null)::int as endpoints_disabled`;
  return {
    readyJobs: row!.ready,
    oldestReadyAgeSeconds: row!.oldest_ready_age_seconds,
    circuitsOpen: row!.circuits_open,
    endpointsDisabled: row!.endpoints_disabled,
  };
}

/** Tests read fresh values right after changing the database. */
export function resetDatabaseGaugesForTests(): void {
  sample = undefined;
}
