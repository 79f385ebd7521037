// Health probes against a real Postgres reached through a TCP proxy, so the test can make
// the database unreachable (connections cut and refused) and bring it back:
// - the app's readiness (checkReadiness, and GET /api/health/ready's status code) goes
//   unready while the database is unreachable and ready again when it returns; its 5 s
//   cache means each change shows within one cache period, so the test polls for it;
// - the worker's /health/ready (on WORKER_METRICS_PORT) does the same, reports its
//   database, its lease, its runners and its promoter of parked jobs, and goes unready
//   when its lease is stale or its promoter keeps failing.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as readyRoute } from '@/app/api/health/ready/route';
import { disconnectDb } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { checkReadiness, type Readiness } from '@/lib/health/check-readiness';
import { PROMOTER_STALL_MS, type WorkerReadiness } from '@/lib/health/check-worker-readiness';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { freePort } from '../support/free-port.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { waitFor } from '../support/wait-for.ts';

const REFUSE_FOR_A_LONG_TIME = 10 * 60_000;

let harness: Harness;
let proxy: TcpProxy;
let worker: RunningWorker | undefined;
let metricsPort = 0;
const fatal: string[] = [];

beforeAll(async () => {
  metricsPort = await freePort();
  // A heartbeat every 5 s (TTL 15 s): long enough for the test to see a lease it made stale.
  harness = await startHarness({ WORKER_METRICS_PORT: String(metricsPort), LEASE_HEARTBEAT: '5s', LEASE_TTL: '15s' });
  const direct = new URL(harness.database.url);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaProxy = new URL(harness.database.url);
  viaProxy.port = String(proxy.port);
  // Everything in this process (the readiness check, Prisma, the worker) goes through the proxy.
  process.env.DATABASE_URL = viaProxy.toString();
  resetEnvForTests();
  await disconnectDb();
  worker = await startWorker({ onFatal: (reason) => fatal.push(reason) });
});

afterAll(async () => {
  await worker?.stop();
  await proxy?.close();
  await harness?.close();
});

const databaseDown = () => proxy.cut(REFUSE_FOR_A_LONG_TIME);
const databaseBack = () => proxy.cut(0);

async function appReadiness(want: (r: Readiness) => boolean, what: string): Promise<Readiness> {
  return waitFor(async () => {
    const r = await checkReadiness();
    return want(r) ? r : null;
  }, { timeoutMs: 30_000, intervalMs: 200, what });
}

async function workerReady(): Promise<{ status: number; body: WorkerReadiness }> {
  const res = await fetch(`http://127.0.0.1:${metricsPort}/health/ready`);
  return { status: res.status, body: (await res.json()) as WorkerReadiness };
}

async function workerReadiness(want: (r: { status: number; body: WorkerReadiness }) => boolean, what: string) {
  return waitFor(async () => {
    const r = await workerReady();
    return want(r) ? r : null;
  }, { timeoutMs: 30_000, intervalMs: 200, what });
}

describe('app readiness', () => {
  it('is ready with the database reachable and every migration applied', async () => {
    const ready = await appReadiness((r) => r.status === 'ok', 'the app to be ready');
    expect(ready).toEqual({ status: 'ok', database: 'ok', pendingMigrations: [], canary: { status: 'unknown', lastSuccessAt: null, latencyMs: null } });
    const res = await readyRoute();
    expect(res.status).toBe(200);
  });

  it('goes unready while the database is unreachable and ready again when it returns', async () => {
    databaseDown();
    try {
      const down = await appReadiness((r) => r.status === 'unavailable', 'the app to go unready');
      expect(down).toMatchObject({ database: 'unreachable', canary: { status: 'unknown' } });
      // The route answers from the same (cached) check: 503 with the details.
      const res = await readyRoute();
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    } finally {
      databaseBack();
    }
    const up = await appReadiness((r) => r.status === 'ok', 'the app to be ready again');
    expect(up.database).toBe('ok');
    expect((await readyRoute()).status).toBe(200);
  });
});

describe('worker readiness', () => {
  it('reports its database, its lease and each runner taking jobs', async () => {
    const { status, body } = await workerReadiness((r) => r.status === 200, 'the worker to be ready');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', workerId: worker!.workerId, database: 'ok', lease: { status: 'ok', ttlMs: 15_000 }, jobs: { status: 'ok' }, parking: { status: 'ok' } });
    // Its promoter of parked jobs runs a round a second.
    expect(body.parking.lastRoundAgeMs).toBeLessThan(PROMOTER_STALL_MS);
    expect(body.lease.heartbeatAgeMs).toBeLessThan(15_000);
    // WORKER_CONCURRENCY 8: 6 slots for both lanes (and the hourly retention purge), 2 kept for first attempts.
    expect(body.jobs.runners.map((r) => ({ tasks: r.tasks, slots: r.slots, status: r.status }))).toEqual([
      { tasks: ['deliver', 'deliver_retry', 'purge_retention'], slots: 6, status: 'ok' },
      { tasks: ['deliver'], slots: 2, status: 'ok' },
    ]);
  });

  it('goes unready while the database is unreachable and ready again when it returns', async () => {
    databaseDown();
    try {
      const { body } = await workerReadiness((r) => r.status === 503, 'the worker to go unready');
      expect(body).toMatchObject({ status: 'unavailable', database: 'unreachable', lease: { status: 'unknown' }, jobs: { status: 'unknown' } });
    } finally {
      databaseBack();
    }
    const { body } = await workerReadiness((r) => r.status === 200, 'the worker to be ready again');
    expect(body).toMatchObject({ database: 'ok', lease: { status: 'ok' }, jobs: { status: 'ok' } });
    expect(fatal).toEqual([]);
  });

  it('goes unready while it cannot move parked jobs to the queue, and ready again once it can', async () => {
    const direct = new pg.Client({ connectionString: harness.database.url });
    await direct.connect();
    try {
      // Every round of the promoter fails while its table is away (as after a bad deploy).
      await direct.query('alter table parked_jobs rename to parked_jobs_away');
      try {
        const { body } = await workerReadiness((r) => r.status === 503, 'the worker to go unready');
        expect(body).toMatchObject({ status: 'unavailable', database: 'ok', lease: { status: 'ok' }, jobs: { status: 'ok' }, parking: { status: 'stalled' } });
        expect(body.parking.lastRoundAgeMs).toBeGreaterThanOrEqual(PROMOTER_STALL_MS);
      } finally {
        await direct.query('alter table parked_jobs_away rename to parked_jobs');
      }
    } finally {
      await direct.end();
    }
    const { body } = await workerReadiness((r) => r.status === 200, 'the worker to be ready again');
    expect(body.parking.status).toBe('ok');
    expect(fatal).toEqual([]);
  });

  it('goes unready when its lease is stale, and ready again at its next heartbeat', async () => {
    const direct = new pg.Client({ connectionString: harness.database.url });
    await direct.connect();
    let stale: { status: number; body: WorkerReadiness };
    try {
      // Made stale before each look: a heartbeat may land in between.
      stale = await waitFor(async () => {
        await direct.query(`update worker_leases set heartbeat_at = now() - interval '1 hour' where worker_id = $1`, [worker!.workerId]);
        const r = await workerReady();
        return r.status === 503 ? r : null;
      }, { what: 'the worker to go unready' });
    } finally {
      await direct.end();
    }
    expect(stale.body).toMatchObject({ database: 'ok', lease: { status: 'stale' } });
    expect(stale.body.lease.heartbeatAgeMs).toBeGreaterThan(15_000);
    await workerReadiness((r) => r.status === 200 && r.body.lease.status === 'ok', 'the next heartbeat');
  });
});
