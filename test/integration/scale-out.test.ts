// Scale-out: two worker processes against one Postgres share the work, and in the
// normal case (no crash) each event reaches the endpoint exactly once — graphile-
// worker's row locks give each job to one worker. Each worker's own /metrics shows
// its share.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { freePort } from '../support/free-port.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startWorkerProcess, type Child } from '../support/processes.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

const EVENTS = 200;
let harness: Harness;
let rx: Receiver;
const workers: { child: Child; port: number }[] = [];

beforeAll(async () => {
  harness = await startHarness({ WORKER_CONCURRENCY: '8', ENDPOINT_CONCURRENCY: '8' });
  // A few milliseconds per answer, so both workers are busy at once.
  rx = await startReceiver(() => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 20)));
});

afterAll(async () => {
  for (const { child } of workers) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await rx?.close();
  await harness?.close();
});

async function succeededAttempts(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/hookline_delivery_attempts_total\{outcome="succeeded",status_class="2xx"\} (\d+)/.exec(text)?.[1] ?? 0);
}

it('shares deliveries between two worker processes, each event sent once', async () => {
  const { api } = await harness.newTenant();
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  // Both workers running (their leases written) before any event, so neither has a head start.
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    workers.push({ child: startWorkerProcess({ ...harness.env, WORKER_METRICS_PORT: String(port) }), port });
  }
  await waitFor(async () => (await db().workerLease.count()) === 2, { timeoutMs: 30_000, what: 'both workers to start' });
  const ids: string[] = [];
  for (let i = 0; i < EVENTS; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);

  await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: 'succeeded' } })) === EVENTS, {
    timeoutMs: 60_000,
    intervalMs: 200,
    what: `all ${EVENTS} deliveries to succeed`,
  });
  const perWorker = await Promise.all(workers.map(({ port }) => succeededAttempts(port)));
  expect(perWorker.every((n) => n > 0)).toBe(true); // both did some of the work
  expect(perWorker[0]! + perWorker[1]!).toBe(EVENTS); // and no attempt was made twice
  expect(rx.requests).toHaveLength(EVENTS);
  expect(new Set(rx.requests.map((r) => r.headers['webhook-id'])).size).toBe(EVENTS);
  expect(await db().workerLease.count()).toBe(2);
  console.info(`scale-out: ${EVENTS} deliveries split ${perWorker.join(' / ')} between two workers`);

  for (const { child } of workers) child.process.kill('SIGTERM');
  expect(await Promise.all(workers.map(({ child }) => child.exited))).toEqual([0, 0]);
});
