// Puts a job back in the queue for later when it may not run now. One statement: the
// delivery's row is updated (showing the wait in the dashboard) only while the job's
// token is still current — a manual retry that replaced it meanwhile must not be
// replaced back — and the job is queued only if that row was. The job goes back under a
// new token, which the row then carries: the job it came from may still run again (a
// fan-out job of several deliveries, retried by graphile-worker when another of them
// hit a fault), and must then find this delivery no longer its own.
import { Prisma } from '../generated/prisma/client.ts';
import { db, queryPrepared } from '../db.ts';
import { microBatch } from '../util/micro-batch.ts';
import { newJobToken, WAITING_PRIORITY, type DeliverJob } from './deliver-job.ts';
import { addJobsSql, jobSpecs } from './enqueue-deliveries.ts';
import { queueJobsSql } from './parked-jobs.ts';

export type Deferral = 'deferred' | 'stale' | 'circuit_closed';

export type DeferOptions = {
  /** Defer only while this endpoint's circuit is open (see below). */
  whileCircuitOpen?: string;
  /** Back at the job's lane priority rather than the waiting one (WAITING_PRIORITY), which
   *  sorts after all fresh work: for a job that only has to queue behind a burst. */
  atLanePriority?: boolean;
};

/**
 * `whileCircuitOpen`: defer only while that endpoint's circuit is still open. The share
 * lock on its row orders this against the success that closes it: either that success
 * committed first (nothing to wait for: 'circuit_closed'), or it waits for this
 * deferral, and the wake-up that follows it (circuit-breaker.ts) finds this job.
 * The delivery's row is locked first, the endpoint's second: the order recording an
 * attempt takes them in, so the two cannot deadlock.
 */
export async function deferDeliveryJob(job: DeliverJob, runAt: Date, options: DeferOptions = {}): Promise<Deferral> {
  if (!options.whileCircuitOpen) {
    const put = { job, runAt, atLanePriority: options.atLanePriority ?? false };
    return runAt.getTime() - Date.now() >= GATHER_AHEAD_MS ? deferGathered(put) : deferBatched(put);
  }
  const open = options.whileCircuitOpen
    ? Prisma.sql`select 1 from endpoints where id = ${options.whileCircuitOpen} and circuit_state <> 'closed' and exists (select 1 from mine) for share`
    : Prisma.sql`select 1 where exists (select 1 from mine)`;
  const token = newJobToken();
  const [row] = await db().$queryRaw<{ current: boolean; open: boolean; deferred: boolean }[]>`
    with mine as (select id from deliveries where id = ${job.deliveryId} and job_token = ${job.token} for update),
    open as (${open}),
    d as (
      update deliveries set next_attempt_at = ${runAt}, job_token = ${token}
       where id in (select id from mine) and exists (select 1 from open)
      returning id
    ), jobs as (${addJobsSql([{ ...job, token, runAt, priority: WAITING_PRIORITY }], Prisma.sql`exists (select 1 from d)`)})
    select exists (select 1 from mine) as current, exists (select 1 from open) as open, exists (select 1 from d) as deferred
      from (select count(*) from jobs) queued`;
  if (!row?.current) return 'stale';
  if (!row.open) return 'circuit_closed';
  return row.deferred ? 'deferred' : 'stale';
}

// Jobs put back together (an endpoint at its cap, an earlier delivery pending, a rate
// limit) go back in one statement: beside an endpoint that hangs, each of its new jobs is
// put back once, 200 a second in the isolation bench, one statement each before.
// Each job is put back only if its token is still the delivery's, as above.
type Put = { job: DeliverJob; runAt: Date; atLanePriority: boolean };
const deferBatched = microBatch(deferJobs, { maxSize: 100, key: (put: Put) => put.job.deliveryId, maxInFlight: 4 });
// A job put back for half a second or more (an endpoint that is slow or hanging at its
// cap, an earlier delivery pending, a slow rate limit) waits up to GATHER_MS for
// others to share its statement: it would not run sooner anyway. Each statement is also a
// NOTIFY (graphile-worker's add_jobs sends one whatever the jobs' run_at), and each
// NOTIFY a job fetch by every runner of every worker that finds nothing due. Beside a
// hanging endpoint at 200 events/s (bench, isolation with scenario 3 before it): 2,000
// put-back statements → 430 and ~12,300 job fetches → ~9,300; healthy p50 1.3–1.4 →
// 1.1–1.2 ms, p99 11–16 → 8.9–11 ms (two alternated runs each). A 50 ms window cut the
// statements to 194 but once held the healthy p99 at 30–60 ms for the first 5 s: each job
// keeps its graphile-worker slot until its put-back is written.
const GATHER_MS = 20;
const GATHER_AHEAD_MS = 500;
const deferGathered = microBatch(deferJobs, { maxSize: 100, key: (put: Put) => put.job.deliveryId, maxInFlight: 2, gatherMs: GATHER_MS });

async function deferJobs(puts: Put[]): Promise<Deferral[]> {
  const tokens = puts.map(() => newJobToken());
  const rows = puts.map(({ job, runAt }, n) => ({ id: job.deliveryId, token: job.token, new_token: tokens[n], run_at: runAt.toISOString() }));
  // No priority given: the lane's (enqueue-deliveries.ts).
  const specs = jobSpecs(puts.map(({ job, runAt, atLanePriority }, n) => ({ ...job, token: tokens[n]!, runAt, priority: atLanePriority ? undefined : WAITING_PRIORITY })));
  const deferred = await queryPrepared<{ id: string }>('hookline_defer_jobs', Prisma.sql`
    with i as (select * from json_to_recordset(${JSON.stringify(rows)}::json) as i(id text, token text, new_token text, run_at timestamptz)),
    mine as (
      -- any(ids) beside the join: an index look-up per id, not a scan of a smaller
      -- table (the planner takes json_to_recordset for 100 rows; record-attempt.ts)
      select d.id from deliveries d join i on i.id = d.id and d.job_token = i.token
       where d.id = any(${puts.map(({ job }) => job.deliveryId)}::text[])
       order by d.id for update of d -- lock order, as recording takes them
    ), d as (
      update deliveries del set next_attempt_at = i.run_at, job_token = i.new_token from i
       where del.id = i.id and del.id in (select id from mine)
      returning del.id
    ), jobs as (${queueJobsSql(Prisma.sql`(
        select coalesce(json_agg(s.spec), '[]'::json)
          from json_array_elements(${JSON.stringify(specs)}::json) s(spec)
         where s.spec->'payload'->>'deliveryId' in (select id from d))`)}
    )
    select d.id from d cross join (select count(*) from jobs) queued`);
  const done = new Set(deferred.map((row) => row.id));
  return puts.map(({ job }) => (done.has(job.deliveryId) ? 'deferred' : 'stale'));
}
