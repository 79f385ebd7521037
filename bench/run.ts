// `npm run bench`: figures, not assertions. On a fresh database on the local Postgres:
//  1. ingest — POST /api/v1/events through the real route handler, C at once;
//  2. drain  — a worker delivering a backlog to a receiver on 127.0.0.1 that answers 200;
//  3. isolation — healthy endpoints' latency at a fixed rate, alone and beside a hanging
//     and a failing endpoint (bench/isolation.ts).
// BENCH_EVENTS (default 3000), BENCH_CONCURRENCY (16), BENCH_ENDPOINTS (2),
// BENCH_WORKER_CONCURRENCY (32), BENCH_DRAIN=0 / BENCH_ISOLATION=0 to skip one,
// BENCH_ISOLATION_RATE (100/s), BENCH_ISOLATION_SECONDS (10). Noisy machine: run twice, compare medians.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import pg from 'pg';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 2);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const name = `hookline_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  Object.assign(process.env, {
    DATABASE_URL: url.toString(),
    HOOKLINE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ALLOW_PRIVATE_ENDPOINTS: '1',
    LOG_LEVEL: 'silent',
    WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '32',
    WORKER_POLL_INTERVAL: '100ms',
    // A local receiver is one "endpoint" per URL; let each use the whole worker.
    ENDPOINT_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '32',
  });
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;

  try {
    const { migrate } = await import('@/lib/db/migrate');
    await migrate({ connectionString: process.env.DATABASE_URL! });
    const { createTenant } = await import('@/lib/tenants/create-tenant');
    const { createEndpoint } = await import('@/lib/endpoints/create-endpoint');
    const { POST } = await import('@/app/api/v1/events/route');
    const { db, disconnectDb } = await import('@/lib/db');
    const { tenant, apiKey } = await createTenant({ name: 'bench' });
    for (let i = 0; i < ENDPOINTS; i++) await createEndpoint(tenant.id, { url: `http://127.0.0.1:${port}/hook/${i}` });

    // 1. ingest
    const latencies: number[] = [];
    let next = 0;
    const body = JSON.stringify({ type: 'bench.event', data: { order: 'ord_123', amount: 4200, items: [{ sku: 'a', qty: 1 }] } });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < EVENTS) {
          next++;
          const t = performance.now();
          const response = await POST(new Request('http://localhost/api/v1/events', { method: 'POST', body, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' } }));
          if (response.status !== 202) throw new Error(`ingest got ${response.status}: ${await response.text()}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const deliveries = EVENTS * ENDPOINTS;

    console.log(`Hookline bench — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores`);
    console.log(`ingest: ${EVENTS} events × ${ENDPOINTS} endpoints, ${CONCURRENCY} concurrent requests (route handler in-process)`);
    console.log(`  ${(EVENTS / ingestSeconds).toFixed(0)} events/s (${(deliveries / ingestSeconds).toFixed(0)} deliveries queued/s); latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
    if (process.env.BENCH_DRAIN !== '0') {
      // 2. drain
      const { startWorker } = await import('@/worker/start-worker');
      const drainStart = performance.now();
      const worker = await startWorker();
      for (;;) {
        const left = await db().delivery.count({ where: { status: { not: 'succeeded' } } });
        if (left === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const drainSeconds = (performance.now() - drainStart) / 1000;
      await worker.stop();

      console.log(`drain: ${deliveries} deliveries by one worker (concurrency ${process.env.WORKER_CONCURRENCY}) to a loopback receiver`);
      console.log(`  ${(deliveries / drainSeconds).toFixed(0)} deliveries/s (${drainSeconds.toFixed(1)} s, including worker start)`);
    }

    if (process.env.BENCH_ISOLATION !== '0') {
      // 3. isolation, with the per-endpoint cap at its default (a quarter of the worker)
      // and a 5 s delivery timeout for the hanging endpoint.
      Object.assign(process.env, { ENDPOINT_CONCURRENCY: '', DELIVERY_TIMEOUT: '5s' });
      const { resetEnvForTests: rereadEnvironment } = await import('@/lib/env');
      rereadEnvironment();
      const { runIsolation, printIsolation } = await import('./isolation.ts');
      printIsolation(await runIsolation());
    }
    await disconnectDb();
  } finally {
    receiver.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
