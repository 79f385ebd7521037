// What `npm run bench` does, from the environment. The defaults finish in under five
// minutes on the 2-core development machine; every size is printed with the results.
import os from 'node:os';
import { cpuPressure } from './cpu.ts';

const number = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got ${JSON.stringify(raw)}`);
  return value;
};

/** The bare baseline worker's one task (bench/baseline-worker.ts). */
export const BASELINE_TASK = 'bench_post';

export const SCENARIOS = ['ceiling', 'drain', 'baseline', 'ingest', 'e2e', 'isolation', 'growth'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

function scenarios(): ScenarioName[] {
  const raw = process.env.BENCH_SCENARIOS?.trim();
  if (!raw) return [...SCENARIOS];
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`BENCH_SCENARIOS: unknown scenario ${name} (use ${SCENARIOS.join(', ')})`);
  }
  return names as ScenarioName[];
}

export function benchConfig() {
  return {
    adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    scenarios: scenarios(),
    // One Hookline worker, product defaults apart from the delivery timeout (below).
    workerConcurrency: number('BENCH_WORKER_CONCURRENCY', 32),
    // 1. drain: events queued while no worker runs, each fanned out to this many endpoints.
    drainEvents: number('BENCH_DRAIN_EVENTS', 12_500),
    drainEndpoints: number('BENCH_DRAIN_ENDPOINTS', 4),
    // 1 and 6a alternated this many times (drain, baseline, drain, …): the drain's share of
    // the baseline is judged on the median of the pairs' shares, so a host that is busier
    // for one of the two runs moves one pair, not the verdict.
    drainPairs: Math.max(1, Math.round(number('BENCH_DRAIN_PAIRS', 2))),
    // 2. ingest: autocannon, this many connections for this long (no worker running).
    ingestSeconds: number('BENCH_INGEST_SECONDS', 20),
    ingestConnections: number('BENCH_INGEST_CONNECTIONS', 32),
    ingestEndpoints: number('BENCH_INGEST_ENDPOINTS', 2),
    ingestBatchSize: number('BENCH_INGEST_BATCH_SIZE', 20),
    ingestBatchSeconds: number('BENCH_INGEST_BATCH_SECONDS', 10),
    // 3. end to end: open loop at each rate for this long, to this many endpoints.
    e2eRates: (process.env.BENCH_E2E_RATES ?? '200,500').split(',').map((rate) => Number(rate)),
    e2eSeconds: number('BENCH_E2E_SECONDS', 10),
    e2eEndpoints: number('BENCH_E2E_ENDPOINTS', 2),
    // 4. isolation: the first e2e rate, beside an endpoint that hangs to the timeout and one that answers 500.
    deliveryTimeout: process.env.BENCH_DELIVERY_TIMEOUT ?? '5s',
    // 5. growth: this many old events (one delivery and one attempt each) before drain again.
    growthRows: number('BENCH_GROWTH_ROWS', 1_000_000),
    // 6. the receiver's own ceiling: autocannon straight at it.
    ceilingSeconds: number('BENCH_CEILING_SECONDS', 5),
    ceilingConnections: number('BENCH_CEILING_CONNECTIONS', 32),
    machine: { loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100), cpuPressureAtStart: cpuPressure(), cores: os.availableParallelism(), cpu: os.cpus()[0]?.model.trim() ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
  };
}

export type BenchConfig = ReturnType<typeof benchConfig>;
