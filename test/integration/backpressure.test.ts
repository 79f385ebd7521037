// Backpressure at ingest: with more delivery jobs due than QUEUE_MAX_READY (no worker is
// running here, so nothing drains), new events get 503 queue_full with Retry-After and
// nothing is stored; a replay of an accepted event still answers 202; once a worker has
// drained the queue, events are accepted again. Jobs parked past their time (no worker
// moving them to the queue) count as waiting too. And no SQL statement outlives
// DATABASE_STATEMENT_TIMEOUT.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { enqueueDeliveries } from '@/lib/queue/enqueue-deliveries';
import { PARK_AFTER_MS } from '@/lib/queue/parked-jobs';
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

it('counts jobs parked past their time as waiting (no worker moves them while none runs)', async () => {
  const { id: tenantId, api } = await harness.newTenant('Parked');
  const endpoint = await api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/parked' } });
  // Four retries parked for later (lib/queue/parked-jobs.ts), then their time passes.
  for (let n = 0; n < 4; n++) {
    const event = await db().event.create({ data: { id: `msg_parked${n}${Date.now()}`, tenantId, type: 'a.b', body: '{}' } });
    const delivery = await db().delivery.create({ data: { id: `dlv_parked${n}${Date.now()}`, tenantId, eventId: event.id, endpointId: endpoint.body.id, status: 'retrying', jobToken: `t${n}` } });
    await db().$transaction((tx) => enqueueDeliveries(tx, [{ deliveryId: delivery.id, token: `t${n}`, trigger: 'automatic', lane: 'retry', runAt: new Date(Date.now() + 10 * PARK_AFTER_MS) }]));
  }
  expect(await db().parkedJob.count()).toBe(4);
  resetQueuePressureForTests();
  expect((await api('POST', '/api/v1/events', { body: { type: 'a.b', data: {} } })).status).toBe(202);
  await db().$executeRaw`delete from graphile_worker._private_jobs`;

  await db().$executeRaw`update parked_jobs set run_at = now() - interval '1 minute'`;
  resetQueuePressureForTests();
  const refused = await api('POST', '/api/v1/events', { body: { type: 'a.b', data: {} } });
  expect(refused.status).toBe(503);
  expect(refused.body.error).toMatchObject({ code: 'queue_full' });
  await db().$executeRaw`delete from parked_jobs`;
  resetQueuePressureForTests();
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
