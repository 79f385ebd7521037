// Backpressure at ingest: with more delivery jobs due than QUEUE_MAX_READY (no worker is
// running here, so nothing drains), new events get 503 queue_full with Retry-After and
// nothing is stored; a replay of an accepted event still answers 202; once a worker has
// drained the queue, events are accepted again. And no SQL statement outlives
// DATABASE_STATEMENT_TIMEOUT.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetQueuePressureForTests } from '@/lib/queue/queue-pressure';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { receiverPool } from '../support/deliveries.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let worker: RunningWorker | undefined;
const receivers = receiverPool();

beforeAll(async () => {
  harness = await startHarness({ QUEUE_MAX_READY: '4', DATABASE_STATEMENT_TIMEOUT: '1s' });
});

afterAll(async () => {
  await worker?.stop();
  await receivers.closeAll();
  await harness?.close();
});

it('refuses new events with 503 and Retry-After while the queue is full, storing nothing, and accepts them once it drains', async () => {
  const { id: tenantId, api } = await harness.newTenant();
  const rx = await receivers.start();
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });

  // Two events × two endpoints = four ready jobs: the limit.
  const first = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { n: 1 } }, headers: { 'idempotency-key': 'k-1' } });
  const second = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { n: 2 } } });
  expect([first.status, second.status]).toEqual([202, 202]);

  resetQueuePressureForTests(); // a fresh count, rather than the one sampled before them
  const refused = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { n: 3 } } });
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(refused.body.error).toMatchObject({ code: 'queue_full', message: expect.stringContaining('4 deliveries') });
  expect(await db().event.count({ where: { tenantId } })).toBe(2);
  expect(await db().delivery.count({ where: { tenantId } })).toBe(4);

  // The producer's retry of an event that was accepted is answered as before.
  const replay = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { n: 1 } }, headers: { 'idempotency-key': 'k-1' } });
  expect(replay.status).toBe(202);
  expect(replay.body.id).toBe(first.body.id);

  worker = await startWorker();
  await waitFor(async () => (await db().delivery.count({ where: { tenantId, status: 'succeeded' } })) === 4, { what: 'the queue to drain' });
  resetQueuePressureForTests();
  const accepted = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { n: 3 } } });
  expect(accepted.status).toBe(202);
});

it('cancels a statement that runs past DATABASE_STATEMENT_TIMEOUT, and the pool keeps working', async () => {
  await expect(db().$queryRaw`select pg_sleep(3)`).rejects.toThrow(/statement timeout/);
  expect(await db().$queryRaw`select 1 as one`).toEqual([{ one: 1 }]);
});
