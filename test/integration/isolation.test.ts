// One dead endpoint must not delay deliveries to healthy ones. The dead receiver here
// never answers and the timeout is long (60 s), so without per-endpoint slots its
// jobs would hold every worker slot for a minute and the healthy deliveries would wait.
// Deliveries retry for a long time (50 attempts), so the bad ones are still retrying
// when the healthy ones are checked.
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
const more: Receiver[] = [];

beforeAll(async () => {
  harness = await startHarness({ WORKER_CONCURRENCY: '8', DELIVERY_TIMEOUT: '60s', ENDPOINT_BUSY_DELAY: '200ms', RETRY_MAX_ATTEMPTS: '50' });
  dead = await startReceiver(() => 'hang');
  healthy = await startReceiver();
  worker = await startWorker();
});

afterAll(async () => {
  // Closing the receivers first ends the hanging attempts, so the worker can stop.
  await Promise.all([dead, healthy, ...more].map((r) => r?.close()));
  await worker?.stop();
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

it('completes every delivery to ten healthy endpoints while one endpoint hangs and one answers 500, both still retrying', async () => {
  const { api } = await harness.newTenant();
  const hanging = await startReceiver(() => 'hang');
  const failing = await startReceiver(() => ({ status: 500, body: 'broken' }));
  const healthyOnes = await Promise.all(Array.from({ length: 10 }, () => startReceiver()));
  more.push(hanging, failing, ...healthyOnes);
  const bad = [
    (await api('POST', '/api/v1/endpoints', { body: { url: hanging.url } })).body.id,
    (await api('POST', '/api/v1/endpoints', { body: { url: failing.url } })).body.id,
  ];
  for (const r of healthyOnes) await api('POST', '/api/v1/endpoints', { body: { url: r.url } });

  // Every event fans out to all twelve endpoints.
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);
  await waitFor(
    async () => (await db().delivery.count({ where: { eventId: { in: ids }, endpointId: { notIn: bad }, status: 'succeeded' } })) === 200,
    { timeoutMs: 30_000, what: 'the 200 healthy deliveries' },
  );
  for (const r of healthyOnes) expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).toEqual(new Set(ids));

  // Meanwhile nothing to the bad endpoints has ended: they are still being retried.
  const badStatuses = await db().delivery.groupBy({ by: ['status'], where: { eventId: { in: ids }, endpointId: { in: bad } }, _count: true });
  expect(badStatuses.every((g) => g.status === 'pending' || g.status === 'retrying')).toBe(true);
  expect(badStatuses.reduce((n, g) => n + g._count, 0)).toBe(40);
  expect(failing.requests.length).toBeGreaterThan(0);
  expect(hanging.requests.length).toBeGreaterThan(0);
});
