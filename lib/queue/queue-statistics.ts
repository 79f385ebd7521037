// Keeps Postgres's statistics current for the tables the hot statements read while they
// grow fast: graphile-worker's jobs table, and deliveries and events.
//
// Every delivery job has a key, and graphile's add_jobs first detaches that key from any
// running row (`update … where jobs.key = spec.job_key and is_available is not true`).
// Each connection plans that statement once and keeps the plan; planned while the queue
// was small (every process starts that way), it is a scan of the whole jobs table, and
// it stays one while a backlog builds, until the table is analyzed again. Autovacuum
// analyzes at most once a minute, and only after 10 % of the table changed: meanwhile
// every event accepted, retry scheduled and job put back read every queued job (27 ms
// per add_jobs with 60,000 queued, against 0.6 ms on the index; ingest held at ~370
// events/s in the benchmark while its own backlog grew).
//
// The worker's prepared statements (load, record, put back: lib/db.ts queryPrepared) do
// the same with deliveries and events: Postgres settles on a generic plan after five
// calls, and one made while the tables were small reads them whole, by sequential scan,
// for as long as the connection lives. On a fresh database at 500 events/s (bench, end
// to end), the record statement's generic plan read all 10,600 deliveries per call.
//
// So each app and worker process looks every few seconds (one cheap statement) at how
// many rows each table holds against what its statistics say, and when one has grown to
// twice that (and at least 1,000 rows), analyzes it — one process at a time (advisory
// lock), a few ms to ~50 ms on a big queue. A table that churns at a steady size is left
// to autovacuum: analyzing it whenever it changed made every connection plan again
// every 5 s for nothing. A table of history doubles ever more rarely (10 times on the
// way to a million rows). Fresh statistics invalidate the cached plans, and the next
// calls plan index look-ups (test/integration/queue-statistics.test.ts).
import { db } from '../db.ts';
import { logger } from '../observability/logger.ts';

const CHECK_EVERY_MS = 5_000;
const MIN_ROWS = 1_000;
const LOCK_KEY = 0x486b_4a53; // "HkJS": one analyzer at a time across processes

let lastCheck = 0;
let running: Promise<boolean> | undefined;
let refused = false;

/** Checks (at most every 5 s per process) and analyzes the tables that outgrew their statistics; true when it analyzed. */
export function refreshQueueStatistics(now = Date.now()): Promise<boolean> {
  if (refused || running || now - lastCheck < CHECK_EVERY_MS) return running ?? Promise.resolve(false);
  lastCheck = now;
  running = analyzeIfStale()
    .catch((error: unknown) => {
      // Not the owner of graphile's tables (a restricted role): autovacuum keeps this.
      if ((error as { meta?: { code?: string }; code?: string })?.code === '42501' || String(error).includes('42501')) refused = true;
      logger.warn({ err: error }, 'could not refresh the table statistics');
      return false;
    })
    .finally(() => (running = undefined));
  return running;
}

type Table = { schema: string; name: string; live: bigint; tuples: number };

/** `"schema"."name"`, quoted. */
const qualified = (table: { schema: string; name: string }) => `"${table.schema.replaceAll('"', '""')}"."${table.name.replaceAll('"', '""')}"`;

async function analyzeIfStale(): Promise<boolean> {
  // reltuples: what the planner believes (-1 before the first analyze); n_live_tup: the
  // live rows counted as they are written.
  const tables = await db().$queryRaw<Table[]>`
    select s.schemaname as schema, s.relname as name, s.n_live_tup as live, greatest(c.reltuples, 0)::float8 as tuples
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where (s.schemaname = 'graphile_worker' and s.relname = '_private_jobs')
        or (s.schemaname = current_schema() and s.relname in ('deliveries', 'events'))`;
  const stale: Table[] = [];
  for (const table of tables) {
    let live = Number(table.live);
    // The views count another session's rows only once it has reported them (up to a second
    // or so after its commit): a worker started right after a backlog was queued saw none.
    // While the planner believes the table small, count it (at most MIN_ROWS rows read).
    if (live < MIN_ROWS && table.tuples < MIN_ROWS / 2) {
      const [counted] = await db().$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from (select 1 from ${qualified(table)} limit ${MIN_ROWS}) t`);
      live = Math.max(live, Number(counted?.n ?? 0));
    }
    if (live >= Math.max(MIN_ROWS, 2 * table.tuples)) stale.push({ ...table, live: BigInt(live) });
  }
  if (stale.length === 0) return false;
  return db().$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ got: boolean }[]>`select pg_try_advisory_xact_lock(${LOCK_KEY}) as got`;
    if (!lock?.got) return false;
    await tx.$executeRawUnsafe(`analyze ${stale.map(qualified).join(', ')}`);
    logger.debug({ tables: stale.map((t) => ({ table: `${t.schema}.${t.name}`, live: Number(t.live), believed: t.tuples })) }, 'table statistics refreshed');
    return true;
  });
}

/** Starts the periodic check (workers); stop() ends it. */
export function keepQueueStatisticsFresh(): { stop(): void } {
  const timer = setInterval(() => void refreshQueueStatistics(), CHECK_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Tests run the check on demand. */
export function resetQueueStatisticsForTests(): void {
  lastCheck = 0;
  refused = false;
}
