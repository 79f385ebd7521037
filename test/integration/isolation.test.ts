// One dead endpoint must not delay deliveries to healthy ones. The dead receiver here
// never answers and the timeout is long (60 s), so without per-endpoint slots its
// jobs would hold every worker slot for a minute and the healthy deliveries would wait.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let worker: RunningWorker;
let dead: Receiver;
let healthy: Receiver;

beforeAll(async () => {
  harness = await startHarness({ WORKER_CONCURRENCY: '8', DELIVERY_TIMEOUT: '60s', ENDPOINT_BUSY_DELAY: '200ms' });
  dead = await startReceiver(() => 'hang');
  healthy = await startReceiver();
  worker = await startWorker();
});

afterAll(async () => {
  await dead?.close(); // lets the hanging attempts end so the worker can stop
  await worker?.stop();
  await healthy?.close();
  await harness?.close();
});

it('delivers to a healthy endpoint while a dead one hangs', async () => {
  const { api } = await harness.newTenant();
  await api('POST', '/api/v1/endpoints', { body: { url: dead.url, eventTypes: ['to.dead'] } });
  await api('POST', '/api/v1/endpoints', { body: { url: healthy.url, eventTypes: ['to.healthy'] } });
  for (let i = 0; i < 12; i++) await api('POST', '/api/v1/events', { body: { type: 'to.dead', data: { i } } });
  await waitFor(() => dead.requests.length >= 2, { what: 'the dead endpoint to be hanging' });

  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'to.healthy', data: { i } } })).body.id);
  await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: 'succeeded' } })) === 5, {
    timeoutMs: 20_000,
    what: 'the healthy deliveries (a dead endpoint holding every slot would take 60 s)',
  });
  // The dead endpoint holds only its share of slots (8 / 4 = 2), never all of them.
  expect(dead.requests.length).toBe(2);
  expect(healthy.requests).toHaveLength(5);
});
