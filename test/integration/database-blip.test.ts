// The worker's database connections are cut mid-run (a network blip, a failover) and
// refused for 2 s. graphile-worker 0.17 aborts a pool that can't record job
// completions, so the worker exits 1 (crash-only, worker/main.ts); its supervisor —
// played here by the test — starts a new one, the lease releases the dead one's jobs,
// and every event is still delivered.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startHarness, type Harness } from '../support/harness.ts';
import { startWorkerProcess, type Child } from '../support/processes.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { waitFor } from '../support/wait-for.ts';

const EVENTS = 60;
let harness: Harness;
let rx: Receiver;
let proxy: TcpProxy;
const workers: Child[] = [];
let supervising = true;

beforeAll(async () => {
  harness = await startHarness({ WORKER_CONCURRENCY: '8', ENDPOINT_CONCURRENCY: '8' });
  rx = await startReceiver(() => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 50)));
  const url = new URL(harness.database.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
});

afterAll(async () => {
  supervising = false;
  for (const worker of workers) if (worker.process.exitCode === null) worker.process.kill('SIGKILL');
  await proxy?.close();
  await rx?.close();
  await harness?.close();
});

/** Like systemd's Restart=on-failure: a worker that exits non-zero is started again. */
function superviseWorker(env: Record<string, string>): void {
  const worker = startWorkerProcess(env);
  workers.push(worker);
  void worker.exited.then((code) => {
    if (supervising && code !== 0) superviseWorker(env);
  });
}

it('delivers every event after the worker’s database connections are cut', async () => {
  const { api } = await harness.newTenant();
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  const viaProxy = new URL(harness.database.url);
  viaProxy.port = String(proxy.port);
  superviseWorker({ ...harness.env, DATABASE_URL: viaProxy.toString() });
  await waitFor(async () => (await db().workerLease.count()) === 1, { timeoutMs: 30_000, what: 'the worker to start' });

  const ids: string[] = [];
  for (let i = 0; i < EVENTS; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);
  await waitFor(() => rx.requests.length >= 10, { what: 'deliveries to be under way' });
  proxy.cut(2_000);

  await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: 'succeeded' } })) === EVENTS, {
    timeoutMs: 60_000,
    intervalMs: 250,
    what: `all ${EVENTS} deliveries to succeed after the cut`,
  }).catch(async (error: unknown) => {
    const jobs = await db().$queryRaw`select locked_by is not null as locked, attempts, count(*)::int from graphile_worker._private_jobs group by 1, 2`;
    const leases = await db().$queryRaw`select worker_id, (now() - heartbeat_at)::text as age from worker_leases`;
    (await import('node:fs')).writeFileSync('/tmp/blip-workers.log', workers.map((w) => w.output()).join('\n=====\n'));
    throw new Error(`${(error as Error).message}\nworkers: ${workers.map((w) => w.process.exitCode).join(', ')}\njobs: ${JSON.stringify(jobs)}\nleases: ${JSON.stringify(leases)}`);
  });
  const seen = new Set(rx.requests.map((r) => r.headers['webhook-id']));
  expect(ids.every((id) => seen.has(id))).toBe(true);
  console.info(`database blip: ${workers.length} worker process(es), ${rx.requests.length} requests for ${EVENTS} events`);
  supervising = false;
  const live = workers.filter((w) => w.process.exitCode === null);
  for (const worker of live) worker.process.kill('SIGTERM');
  expect(await Promise.all(live.map((w) => w.exited))).toEqual(live.map(() => 0));
}, 120_000);
