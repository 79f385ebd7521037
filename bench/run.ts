// `npm run bench`: Hookline's figures on this machine, on loopback, in one command.
// Starts what it needs — its own database on the configured Postgres, the production
// build under `hookline serve`, `hookline worker`s, a receiver process — runs the scenarios
// of issue 6, prints a table against the targets, writes bench/results/<date>.json and
// .html (charts), and stops everything it started, also on Ctrl-C or a failure.
//
//   1 drain      a backlog of events (fanned out) delivered by one worker: deliveries/s, peak RSS
//   2 ingest     autocannon at POST /api/v1/events: accepted events/s, p50/p99
//   2b           the same at POST /api/v1/events/batch (20 events a request)
//   3 e2e        events at a fixed 200/s and 500/s: the 202 → first attempt at the receiver
//   4 isolation  the same at 200/s beside an endpoint that hangs and one that answers 500
//   5 growth     drain again with a million old events, deliveries and attempts in the tables
//   6 baselines  a bare graphile-worker + undici drain, and the receiver's own ceiling
//
// Sizes and a subset of scenarios come from BENCH_* variables (bench/config.ts,
// docs/benchmark.md). Noisy machine: run it twice and compare.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildIfStale } from '../scripts/start/build-if-stale.ts';
import { benchConfig, type ScenarioName } from './config.ts';
import { countSteal } from './cpu.ts';
import { benchClient, createBenchDatabase, postgresInfo, type BenchDatabase } from './database.ts';
import { clearQueue, generateHistory } from './load.ts';
import { LOG_DIR, onUnexpectedExit, ROOT, stopAll } from './processes.ts';
import { fmt, progress } from './progress.ts';
import { startReceiver } from './receiver-client.ts';
import { printTable, targetRows, writeResults, type Results } from './report.ts';
import { baselineDrain, drainPair, hooklineDrain } from './scenarios/drain.ts';
import { endToEnd, endToEndPaths } from './scenarios/end-to-end.ts';
import { ingest, ingestBatch, receiverCeiling } from './scenarios/ingest.ts';
import { createTenant, hooklineEnv, startApp, startHooklineWorker, type Context } from './stack.ts';

const now = () => performance.timeOrigin + performance.now();
const SECRETS = ['HOOKLINE_ENCRYPTION_KEY', 'NEXTAUTH_SECRET', 'DATABASE_URL'];

let database: BenchDatabase | undefined;
let cleaning: Promise<void> | undefined;

/** Stops every child and drops the database; once, whichever way the run ends. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll().catch(() => undefined);
    const { disconnectDb } = await import('@/lib/db');
    await disconnectDb().catch(() => undefined);
    await database?.drop().catch((error: unknown) => console.error(`could not drop ${database?.name}: ${String(error)}`));
  })();
  return cleaning;
}

async function main(): Promise<void> {
  const config = benchConfig();
  const started = now();
  const steal = countSteal();
  const wants = (name: ScenarioName) => config.scenarios.includes(name);

  progress.step('building the app if its sources changed (scripts/start/build-if-stale.ts)');
  buildIfStale(ROOT, (line) => process.stderr.write(`\n[bench] ${line}\n`));
  const buildSeconds = (now() - started) / 1000;

  progress.step('creating the bench database');
  database = await createBenchDatabase(config.adminUrl);
  const env = hooklineEnv(config, database.url);
  // This process uses lib/ too (migrations, tenants, the bulk loader): same database and key, quiet.
  Object.assign(process.env, env, { LOG_LEVEL: 'warn' });
  const { migrate } = await import('@/lib/db/migrate');
  await migrate({ connectionString: database.url });
  const sql = await benchClient(database.url);
  const postgres = await postgresInfo(database.url);
  progress.step('starting the receiver');
  const receiver = await startReceiver();
  const ctx: Context = { config, database, sql, receiver, env };
  const results: Omit<Results, 'table' | 'wallSeconds' | 'stealPercent'> = {
    date: new Date().toISOString(),
    complete: config.scenarios.length === 7,
    buildSeconds,
    machine: config.machine,
    postgres,
    config: (({ machine: _m, adminUrl: _a, ...rest }) => rest)(config),
    hooklineEnv: Object.fromEntries(Object.entries(env).filter(([name]) => !SECRETS.includes(name))),
    e2e: [],
  };

  if (wants('ceiling')) results.ceiling = await receiverCeiling(ctx);

  const drainPaths = (group: string) => Array.from({ length: config.drainEndpoints }, (_, i) => `/${group}/${i}`);
  // Drain and baseline alternated (config.drainPairs): the first pair is scenario 1 and 6a
  // as reported in full (empty tables); every pair's share of the baseline is kept.
  const pairs = wants('drain') && wants('baseline') ? config.drainPairs : 1;
  for (let pair = 1; pair <= pairs; pair++) {
    const suffix = pair === 1 ? '' : `-${pair}`;
    const drain = wants('drain') ? await hooklineDrain(ctx, `drain${suffix}`, await createTenant(ctx, `bench drain${suffix}`, drainPaths(`drain${suffix}`)), config.drainEvents) : undefined;
    const baseline = wants('baseline') ? await baselineDrain(ctx, drain?.deliveries ?? config.drainEvents * config.drainEndpoints, config.drainEndpoints, `baseline${suffix}`) : undefined;
    if (pair === 1) Object.assign(results, { drain, baseline });
    if (drain && baseline) (results.drainPairs ??= []).push(drainPair(drain, baseline));
  }

  if (wants('ingest') || wants('e2e') || wants('isolation')) {
    progress.step('starting the app (hookline serve, production build)');
    const app = await startApp(ctx);
    if (wants('ingest')) {
      const paths = Array.from({ length: config.ingestEndpoints }, (_, i) => `/ingest/${i}`);
      const tenant = await createTenant(ctx, 'bench ingest', paths);
      results.ingest = await ingest(ctx, app, tenant);
      results.ingestBatch = await ingestBatch(ctx, app, tenant);
    }
    if (wants('e2e') || wants('isolation')) {
      progress.step('starting a worker for the end-to-end scenarios');
      const worker = await startHooklineWorker(ctx, 'worker-e2e');
      // Unmeasured: the fresh worker's and the app's pools and code paths warm up, the
      // failure paths too (recording a failure, the circuit, putting jobs back), with an
      // endpoint that answers 500; it is deleted after, so nothing of it runs later.
      const warmup = await createTenant(ctx, 'bench warmup', [...endToEndPaths('warmup', config.e2eEndpoints, false), '/warmup/fail']);
      await endToEnd(ctx, app, 'warmup', warmup, 100, 3);
      const { deleteEndpoint } = await import('@/lib/endpoints/delete-endpoint');
      await deleteEndpoint(warmup.id, warmup.endpoints.find((e) => e.url.endsWith('/fail'))!.id);
      if (wants('e2e')) {
        for (const rate of config.e2eRates) {
          const group = `e2e-${rate}`;
          const tenant = await createTenant(ctx, `bench ${group}`, endToEndPaths(group, config.e2eEndpoints, false));
          results.e2e.push(await endToEnd(ctx, app, group, tenant, rate, config.e2eSeconds));
        }
      }
      if (wants('isolation')) {
        const rate = config.e2eRates[0] ?? 200;
        const tenant = await createTenant(ctx, 'bench isolation', endToEndPaths('isolation', config.e2eEndpoints, true));
        results.isolation = await endToEnd(ctx, app, 'isolation', tenant, rate, config.e2eSeconds);
      }
      progress.step('stopping the end-to-end worker');
      results.e2eWorkerPeakRssBytes = await worker.stop();
      // The isolation scenario's retries and held jobs must not run in the growth drain.
      await clearQueue(sql);
    }
    await app.child.stop();
  }

  if (wants('growth')) {
    const tenant = await createTenant(ctx, 'bench growth', drainPaths('growth'));
    progress.step(`growth: writing ${fmt(config.growthRows)} old events, deliveries and attempts`);
    const historyStart = now();
    const second = await benchClient(database.url);
    await generateHistory([sql, second], tenant.id, tenant.endpoints.map((e) => e.id), config.growthRows, (n) => progress.detail(`${fmt(n)} rows of each`));
    const historySeconds = (now() - historyStart) / 1000;
    await second.end();
    results.growth = { ...(await hooklineDrain(ctx, 'growth', tenant, config.drainEvents)), historyRows: config.growthRows, historySeconds };
    // The bare baseline again, right after: what the host gave then. Growth is judged on
    // its share of this beside the drains' share of theirs, so a host that got busier
    // (or quieter) in the minutes between scenario 1 and growth does not read as history.
    if (wants('baseline')) results.growthBaseline = await baselineDrain(ctx, results.growth.deliveries, config.drainEndpoints, 'baseline-growth');
  }

  progress.step('stopping everything and dropping the database');
  await sql.end();
  await cleanUp();
  const wallSeconds = (now() - started) / 1000;
  const stealPercent = steal.stop();
  const table = targetRows({ ...results, wallSeconds, stealPercent });
  const final: Results = { ...results, wallSeconds, stealPercent, table };
  progress.done();
  printTable(final);
  const files = writeResults(final, path.join(ROOT, 'bench', 'results'));
  console.log(`\nfigures: ${path.relative(ROOT, files.json)}\ncharts:  ${path.relative(ROOT, files.html)}`);
  // The processes' logs (~200 MB at LOG_LEVEL=info) go with a successful run, unless asked for.
  if (process.env.BENCH_KEEP_LOGS === '1' || process.env.BENCH_PROFILE) console.log(`logs${process.env.BENCH_PROFILE ? ' and CPU profiles' : ''}: ${LOG_DIR}`);
  else rmSync(LOG_DIR, { recursive: true, force: true });
}

let failed = false;
async function fail(error: unknown): Promise<void> {
  // After Ctrl-C the scenario in flight fails as its processes go: that is no news.
  if (failed || interrupted) return;
  failed = true;
  progress.done();
  console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`process logs: ${LOG_DIR}`);
  await cleanUp();
  process.exit(1);
}

onUnexpectedExit((message) => void fail(new Error(message)));
// Ctrl-C reaches the whole process group (and tsx relays it once more): the first one
// cleans up, the repeats wait for it.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    progress.done();
    console.error(`\n${signal}: stopping what the bench started and dropping its database`);
    void cleanUp().then(() => process.exit(130));
  });
}
main().catch(fail);
