// graphile-worker's add_jobs must not read the whole jobs table per call once a backlog
// has built up, nor the worker's prepared statements the whole deliveries table once
// history has built up: lib/queue/queue-statistics.ts analyzes a table when it grew a
// lot, and with that the plans each connection cached on small tables are made again.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshQueueStatistics, resetQueueStatisticsForTests } from '@/lib/queue/queue-statistics';
import { startWorker } from '@/worker/start-worker';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const ADD_JOBS = `select 1 from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, $1::json)), false)`;
const specs = (n: number, prefix: string) =>
  JSON.stringify(Array.from({ length: n }, (_, i) => ({ identifier: 'deliver', payload: { deliveryId: `${prefix}${i}` }, max_attempts: 25, job_key: `delivery:${prefix}${i}` })));

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: harness.database.url });
  await client.connect();
  return client;
}

/** Rows of `schema.table` read by sequential scans while `work` runs in `session`, in one transaction. */
async function rowsScanned(session: pg.Client, schema: string, table: string, work: () => Promise<unknown>): Promise<number> {
  // The backend's own counters, read live (not a snapshot), before and after.
  await session.query('set stats_fetch_consistency = none');
  const read = async () =>
    Number((await session.query<{ read: string }>(`select coalesce(seq_tup_read, 0) as read from pg_stat_xact_user_tables where schemaname = $1 and relname = $2`, [schema, table])).rows[0]?.read ?? 0);
  await session.query('begin');
  const before = await read();
  await work();
  const after = await read();
  await session.query('commit');
  return after - before;
}

/** Waits until a refresh analyzes something, once `admin`'s changes reach the statistics views (when the session reports them). */
async function refreshedOnceCounted(admin: pg.Client, what: string): Promise<void> {
  await admin.query('select pg_stat_force_next_flush()');
  await admin.query('select 1');
  await waitFor(async () => {
    resetQueueStatisticsForTests();
    return refreshQueueStatistics();
  }, { what });
}

/** Rows of the jobs table read by sequential scans during 10 add_jobs calls of 2 keyed jobs. */
const rowsScannedBy10Calls = (session: pg.Client, prefix: string) =>
  rowsScanned(session, 'graphile_worker', '_private_jobs', async () => {
    for (let i = 0; i < 10; i++) await session.query(ADD_JOBS, [specs(2, `${prefix}${i}-`)]);
  });

it('once a backlog builds, the queue statistics are refreshed and add_jobs goes back to index look-ups', async () => {
  const admin = await connect();
  const session = await connect();
  try {
    // This session plans (and caches) add_jobs while the queue is empty, as every process does at start.
    await admin.query('analyze graphile_worker._private_jobs');
    for (let i = 0; i < 6; i++) await session.query(ADD_JOBS, [specs(2, `warm${i}-`)]);
    // Then a backlog arrives, some of it running.
    await admin.query(ADD_JOBS, [specs(5_000, 'backlog-')]);
    await admin.query(`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'w' where id in (select id from graphile_worker._private_jobs order by id limit 20)`);

    // The plan made on the empty queue reads every queued job, on each call.
    expect(await rowsScannedBy10Calls(session, 'before')).toBeGreaterThanOrEqual(10 * 5_000);

    await refreshedOnceCounted(admin, 'the queue statistics to be refreshed');
    expect(await rowsScannedBy10Calls(session, 'after')).toBeLessThan(5_000);
    // A second look right away finds nothing to do.
    resetQueueStatisticsForTests();
    expect(await refreshQueueStatistics()).toBe(false);
    // Nor does a queue that churns at the same size: 3,000 jobs done, 3,000 new.
    await admin.query(`delete from graphile_worker._private_jobs where id in (select id from graphile_worker._private_jobs where key like 'delivery:backlog-%' order by id limit 3000)`);
    await admin.query(ADD_JOBS, [specs(3_000, 'churn-')]);
    await admin.query('select pg_stat_force_next_flush()');
    await admin.query('select 1');
    resetQueueStatisticsForTests();
    expect(await refreshQueueStatistics()).toBe(false);
    const { rows } = await admin.query<{ n: string }>(`select count(*) as n from graphile_worker._private_jobs where key like 'delivery:after%'`);
    expect(Number(rows[0]!.n)).toBe(20);
  } finally {
    await session.end();
    await admin.end();
  }
});

it('a worker started on a backlog the statistics do not know analyzes the jobs table before it takes a job', async () => {
  const admin = await connect();
  // The live rows the statistics views count, once this session has reported its changes.
  const counted = async (enough: (live: number) => boolean, what: string) => {
    await admin.query('select pg_stat_force_next_flush()');
    await waitFor(async () => {
      await admin.query('select 1');
      const { rows } = await admin.query<{ live: string }>(`select n_live_tup as live from pg_stat_user_tables where schemaname = 'graphile_worker' and relname = '_private_jobs'`);
      return enough(Number(rows[0]?.live ?? 0));
    }, { what });
  };
  try {
    // An empty queue, analyzed: what a process sees at start before a backlog.
    await admin.query('delete from graphile_worker._private_jobs');
    // (The views' count drifts by a few rows from the true one.)
    await counted((live) => live < 100, 'the views to count the queue empty');
    await admin.query('analyze graphile_worker._private_jobs');
    // A backlog no task of the worker takes (so it is still there to count), queued after the analyze.
    const waiting = JSON.stringify(Array.from({ length: 4_000 }, (_, i) => ({ identifier: 'not_a_hookline_task', payload: { i }, max_attempts: 25 })));
    await admin.query(`select 1 from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, $1::json)), false)`, [waiting]);
    const believed = async () => Number((await admin.query<{ tuples: number }>(`select reltuples::float8 as tuples from pg_class where oid = 'graphile_worker._private_jobs'::regclass`)).rows[0]!.tuples);
    expect(await believed()).toBeLessThan(1_000);

    // Started at once: the statistics views may not count the backlog yet (they do once
    // this session has reported it, up to a second or so later); the worker counts it.
    resetQueueStatisticsForTests();
    const worker = await startWorker();
    try {
      // Analyzed during start-up: no periodic check (5 s) has come yet.
      expect(await believed()).toBeGreaterThanOrEqual(4_000);
    } finally {
      await worker.stop();
    }
  } finally {
    await admin.end();
  }
});

it('once deliveries pile up, their statistics are refreshed and a generic plan cached on a small table goes back to index look-ups', async () => {
  const admin = await connect();
  const session = await connect();
  try {
    const t = await harness.newTenant();
    const [endpoint] = (await admin.query<{ id: string }>(`insert into endpoints (id, tenant_id, url, updated_at) values ('ep_stats', $1, 'https://example.com/hook', now()) returning id`, [t.id])).rows;
    await admin.query('analyze deliveries, events');
    // The worker's statements are prepared; Postgres keeps a generic plan after five calls.
    // This session makes one while the table is small, as a worker does on a new database.
    await session.query('set plan_cache_mode = force_generic_plan');
    const LOOKUP = { name: 'stats_lookup', text: 'select id from deliveries where id = any($1::text[])' };
    await session.query({ ...LOOKUP, values: [['dlv_none']] });
    // Then history arrives.
    await admin.query(`insert into events (id, tenant_id, type, body) select 'msg_stats' || g, $1, 'a.b', '{}' from generate_series(1, 5000) g`, [t.id]);
    await admin.query(`insert into deliveries (id, tenant_id, event_id, endpoint_id, updated_at) select 'dlv_stats' || g, $1, 'msg_stats' || g, $2, now() from generate_series(1, 5000) g`, [t.id, endpoint!.id]);
    const rowsScannedBy10Lookups = () =>
      rowsScanned(session, 'public', 'deliveries', async () => {
        for (let i = 0; i < 10; i++) await session.query({ ...LOOKUP, values: [[`dlv_stats${i + 1}`]] });
      });
    expect(await rowsScannedBy10Lookups()).toBeGreaterThanOrEqual(10 * 5_000);

    await refreshedOnceCounted(admin, 'the statistics of deliveries to be refreshed');
    const { rows } = await admin.query<{ relname: string; tuples: number }>(`select relname, reltuples::float8 as tuples from pg_class where relname in ('deliveries', 'events')`);
    expect(rows.map((r) => [r.relname, r.tuples >= 5_000]).sort()).toEqual([['deliveries', true], ['events', true]]);
    expect(await rowsScannedBy10Lookups()).toBeLessThan(5_000);
  } finally {
    await session.end();
    await admin.end();
  }
});
