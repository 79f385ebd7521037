// The endpoint options PRODUCT.md lists: rateLimitPerSecond (a global cap across
// workers) and ordered (deliveries in the order events were accepted).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { receiverPool } from '../support/deliveries.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
const workers: RunningWorker[] = [];
const receivers = receiverPool();

beforeAll(async () => {
  harness = await startHarness({ ENDPOINT_BUSY_DELAY: '100ms' });
  // Two workers in this process: the rate limit must hold across workers.
  workers.push(await startWorker(), await startWorker());
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await receivers.closeAll();
  await harness?.close();
});

async function allSucceeded(ids: string[]) {
  await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: 'succeeded' } })) === ids.length, {
    timeoutMs: 30_000,
    what: `${ids.length} deliveries to succeed`,
  });
}

it('spaces attempts to a rate-limited endpoint by 1/rate, without counting waits as attempts', async () => {
  const { api } = await harness.newTenant();
  const rx = await receivers.start();
  const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url, rateLimitPerSecond: 5 } });
  expect(ep.body.rateLimitPerSecond).toBe(5);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);
  await allSucceeded(ids);

  const times = rx.requests.map((r) => r.at).sort((a, b) => a - b);
  expect(times).toHaveLength(10);
  // 5/s: ten requests span at least nine intervals of 200 ms (less clock granularity).
  expect(times[9]! - times[0]!).toBeGreaterThanOrEqual(9 * 200 - 50);
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(150);
  const attempts = await db().delivery.findMany({ where: { eventId: { in: ids } }, select: { attemptCount: true } });
  expect(attempts.every((d) => d.attemptCount === 1)).toBe(true);
});

it('delivers to an ordered endpoint in acceptance order, holding later events while an earlier one retries', async () => {
  const { api } = await harness.newTenant();
  const firstId: { value?: string } = {};
  let failuresLeft = 2;
  const rx = await receivers.start((request) => {
    if (request.headers['webhook-id'] === firstId.value && failuresLeft > 0) {
      failuresLeft--;
      return { status: 500 };
    }
    return { status: 200 };
  });
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url, ordered: true } });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } });
    ids.push(sent.body.id);
    firstId.value ??= sent.body.id;
  }
  await allSucceeded(ids);

  const order = rx.requests.map((r) => String(r.headers['webhook-id']));
  // The first event was tried three times (two 500s, then a 200) before any other was sent.
  expect(order.slice(0, 3)).toEqual([ids[0], ids[0], ids[0]]);
  expect(order.slice(3)).toEqual(ids.slice(1));
});
