// Hookline as the bench runs it: the production build under `hookline serve`, workers as
// `hookline worker` (what an operator runs), all on a fresh database, plus the
// receiver. Everything a scenario needs is in the Context.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import type { BenchConfig } from './config.ts';
import type { BenchDatabase } from './database.ts';
import { freePort, LOG_DIR, peakRss, ROOT, startChild, waitForHttp, type Child } from './processes.ts';
import type { Receiver } from './receiver-client.ts';
import { workerNodeArgs } from '../scripts/start/worker-node-args.ts';

export type Context = {
  config: BenchConfig;
  database: BenchDatabase;
  /** The bench's own connection, for bulk SQL and polling. */
  sql: pg.Client;
  receiver: Receiver;
  /** The environment every Hookline process gets (app, workers, this process's lib/ calls). */
  env: Record<string, string>;
};

/** Product defaults, except what a loopback bench needs; printed with the results. */
export function hooklineEnv(config: BenchConfig, databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    HOOKLINE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    // The receiver is on 127.0.0.1.
    ALLOW_PRIVATE_ENDPOINTS: '1',
    // Production's level: one line per request and per attempt (to a file here).
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    WORKER_CONCURRENCY: String(config.workerConcurrency),
    // The isolation scenario's hanging endpoint holds its slots this long per attempt.
    DELIVERY_TIMEOUT: config.deliveryTimeout,
    // No canary traffic in the figures.
    CANARY_URL: '',
  };
}

/**
 * BENCH_PROFILE=app,worker,baseline: those processes run under --cpu-prof, and write a .cpuprofile
 * (open it in Chrome DevTools or speedscope) into the run's log directory when stopped.
 */
function profiled(kind: 'app' | 'worker' | 'baseline'): string[] {
  const wanted = (process.env.BENCH_PROFILE ?? '').split(',').map((s) => s.trim());
  return wanted.includes(kind) ? ['--cpu-prof', `--cpu-prof-dir=${path.join(LOG_DIR, 'profiles')}`] : [];
}

export type App = { child: Child; url: string };

export async function startApp(ctx: Context): Promise<App> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startChild('app', [...profiled('app'), path.join(ROOT, 'bin/hookline.mjs'), 'serve', '--port', String(port), '--hostname', '127.0.0.1'], { ...process.env, ...ctx.env, NEXTAUTH_URL: url });
  await waitForHttp(`${url}/api/health/ready`, child);
  return { child, url };
}

export type Worker = {
  child: Child;
  spawnedAt: number;
  /** Stops it and returns its peak RSS (bytes), read just before. */
  stop(): Promise<number>;
};

/** One Hookline worker (`hookline worker`), ready when its /health/live answers. */
export async function startHooklineWorker(ctx: Context, name: string): Promise<Worker> {
  const port = await freePort();
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = startChild(name, [...profiled('worker'), ...workerNodeArgs(), path.join(ROOT, 'bin/hookline.mjs'), 'worker'], { ...process.env, ...ctx.env, WORKER_METRICS_PORT: String(port) });
  await waitForHttp(`http://127.0.0.1:${port}/health/live`, child);
  return { child, spawnedAt, stop: () => stopMeasured(child) };
}

/** The bare graphile-worker baseline (bench/baseline-worker.ts). */
export async function startBaselineWorker(ctx: Context): Promise<Worker> {
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = startChild('baseline-worker', [...profiled('baseline'), '--import', 'tsx', 'bench/baseline-worker.ts'], { ...process.env, DATABASE_URL: ctx.database.url, BENCH_WORKER_CONCURRENCY: String(ctx.config.workerConcurrency), NODE_ENV: 'production' }, { ipc: true });
  await new Promise<void>((resolve, reject) => {
    child.process.once('message', () => resolve());
    child.process.once('exit', () => reject(new Error(`the baseline worker exited at start (log: ${child.log})`)));
  });
  return { child, spawnedAt, stop: () => stopMeasured(child) };
}

async function stopMeasured(child: Child): Promise<number> {
  const rss = peakRss(child.process.pid);
  await child.stop();
  return rss;
}

export type Tenant = { id: string; apiKey: string; endpoints: { id: string; url: string }[] };

/** A tenant with an API key and endpoints at these receiver paths (through lib/, like the CLI). */
export async function createTenant(ctx: Context, name: string, paths: string[]): Promise<Tenant> {
  const { createTenant: create } = await import('@/lib/tenants/create-tenant');
  const { createEndpoint } = await import('@/lib/endpoints/create-endpoint');
  const { tenant, apiKey } = await create({ name });
  const endpoints = [];
  for (const p of paths) {
    const endpoint = await createEndpoint(tenant.id, { url: ctx.receiver.base + p });
    endpoints.push({ id: endpoint.id, url: endpoint.url });
  }
  return { id: tenant.id, apiKey, endpoints };
}
