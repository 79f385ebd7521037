// Delivery jobs due far ahead are parked in Hookline's own table (`parked_jobs`) rather
// than queued in graphile-worker's, and every worker moves the ones coming due into
// graphile-worker's queue a little ahead of their time, keeping their run_at.
//
// Why: graphile-worker fetches jobs with `run_at <= now()` in (priority, run_at) order,
// and whenever fewer jobs are due than it asks for — the normal case below full load — the
// fetch reads every queued job, due or not (Postgres 15 cannot skip through the index).
// Retries back off for minutes to hours, a hanging endpoint's jobs wait for its turns, an
// open circuit holds its endpoint's deliveries: with 100,000 such jobs queued an hour
// ahead, one fetch took 14–19 ms here (33–84 ms with a million), and each NOTIFY makes
// every runner of every worker fetch. In the isolation bench (an endpoint that hangs, one
// that fails, at 200 events/s), 2,000–4,000 jobs waiting made the fetches average ~4 ms
// against 0.18 ms without them, and every healthy delivery waited behind them.
//
// Both stores are written by one SQL function, hookline_queue_delivery_jobs (migration
// 20261125010000_parked_jobs): a job due PARK_AFTER_MS or more ahead is parked, the others
// go to graphile_worker.add_jobs, and a key queued again replaces its job in either store,
// as add_jobs replaces by key. A parked job is moved only while its token is still the
// delivery's (lib/delivery/attempt-delivery.ts: the one job allowed to attempt); one
// superseded meanwhile (manual retry, success, failure for good) is dropped.
import { Prisma } from '../generated/prisma/client.ts';
import { db } from '../db.ts';
import { logger } from '../observability/logger.ts';

/** Jobs due this far ahead or more are parked. */
export const PARK_AFTER_MS = 5_000;
/**
 * Parked jobs due within this are moved to graphile-worker's queue: checked every
 * PROMOTE_EVERY_MS, a job goes 2–3 s before its time, and graphile-worker's queue holds
 * only what is due within ~5 s.
 */
export const PROMOTE_AHEAD_MS = 3_000;
const PROMOTE_EVERY_MS = 1_000;
const PROMOTE_BATCH = 1_000;

/** The interval literal the SQL function takes. */
const parkAfter = Prisma.sql`${`${PARK_AFTER_MS} milliseconds`}::interval`;

/**
 * `select hookline_queue_delivery_jobs(…)`: queues these graphile-worker job specs (a JSON
 * array, as SQL) in the store that fits each, when `onlyIf`; to run alone or as a CTE.
 */
export function queueJobsSql(specs: Prisma.Sql, onlyIf: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`select hookline_queue_delivery_jobs(${specs}, ${parkAfter}) as queued where ${onlyIf}`;
}

/**
 * Moves the parked jobs due within `aheadMs` (oldest first, up to a batch) to
 * graphile-worker's queue, with their own run_at; those no longer their delivery's job
 * are dropped. Concurrent workers take different rows (skip locked). Returns how many
 * rows it took.
 */
export async function promoteParkedJobs(aheadMs = PROMOTE_AHEAD_MS): Promise<{ taken: number; queued: number }> {
  const [row] = await db().$queryRaw<{ taken: number; queued: number }[]>`
    with due as (
      select key from parked_jobs where run_at <= now() + ${`${aheadMs} milliseconds`}::interval
       order by run_at limit ${PROMOTE_BATCH} for update skip locked
    ), gone as (
      delete from parked_jobs p using due where p.key = due.key returning p.spec, p.delivery_id
    ), live as (
      select g.spec from gone g join deliveries d on d.id = g.delivery_id and d.job_token = g.spec->'payload'->>'token'
    )
    -- add_jobs only with something to queue: called with none it still sends a NOTIFY,
    -- and every runner of every worker would fetch for nothing once a second.
    select (select count(*) from gone)::int as taken,
           (select count(*) from graphile_worker.add_jobs(
              array(select json_populate_record(null::graphile_worker.job_spec, live.spec::json) from live), false)
             where exists (select 1 from live))::int as queued`;
  return row ?? { taken: 0, queued: 0 };
}

/** A worker's promoter: `lastRoundAt` is when its last round succeeded (its readiness reads it). */
export type Promoter = { lastRoundAt(): number; stop(): Promise<void> };

/** Promotes every second (a full batch: again at once) until stop(); the worker's. */
export function keepPromotingParkedJobs(log = logger): Promoter {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastRoundAt = Date.now();
  const tick = () => {
    running = (async () => {
      try {
        // Each batch that succeeds counts as a round: a long backlog (workers back after
        // an outage) is progress, not a stall.
        let taken: number;
        do {
          taken = (await promoteParkedJobs()).taken;
          lastRoundAt = Date.now();
        } while (taken === PROMOTE_BATCH && !stopped);
      } catch (error) {
        // The next tick tries again; a parked job only waits a little longer.
        log.error({ err: error }, 'could not move parked jobs to the queue');
      }
      if (!stopped) timer = setTimeout(tick, PROMOTE_EVERY_MS);
    })();
  };
  tick();
  return {
    lastRoundAt: () => lastRoundAt,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
