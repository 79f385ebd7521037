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
  // The limiter spaces attempt starts (the worker's clock, just before sending); the
  // receiver here shares the worker's event loop, so its arrival times carry that
  // loop's delays too and can show a gap shortened by them.
  const starts = (await db().attempt.findMany({ where: { delivery: { eventId: { in: ids } } }, select: { startedAt: true } }))
    .map((a) => a.startedAt.getTime())
    .sort((a, b) => a - b);
  for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(150);
  // In no one-second window more than 5.
  for (const start of starts) expect(starts.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(5);
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

it('keeps an ordered endpoint in order through failures, timeouts and retries of many events', async () => {
  const { api } = await harness.newTenant();
  // Per event (by its position): how its attempts fail before one succeeds.
  const plans: Array<Array<'500' | 'hang' | 'drop'>> = [['500'], [], ['hang', '500'], ['drop'], [], ['500', '500', '500'], ['hang'], []];
  const index = new Map<string, number>();
  const tries = new Map<number, number>();
  const rx = await receivers.start((request) => {
    const i = index.get(String(request.headers['webhook-id']))!;
    const n = tries.get(i) ?? 0;
    tries.set(i, n + 1);
    const fault = plans[i]![n];
    if (fault === 'hang' || fault === 'drop') return fault;
    return fault === '500' ? { status: 500 } : { status: 200 };
  });
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url, ordered: true } });
  const ids: string[] = [];
  for (let i = 0; i < plans.length; i++) {
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } });
    index.set(sent.body.id, i);
    ids.push(sent.body.id);
  }
  await allSucceeded(ids);

  // Requests in arrival order: event positions never go back, and each event's
  // attempts are exactly its planned failures and then one success.
  const positions = rx.requests.map((r) => index.get(String(r.headers['webhook-id']))!);
  expect(positions).toEqual(plans.flatMap((plan, i) => Array(plan.length + 1).fill(i)));
  const deliveries = await db().delivery.findMany({ where: { eventId: { in: ids } }, include: { attempts: { orderBy: { number: 'asc' } } } });
  for (const d of deliveries) {
    const plan = plans[index.get(d.eventId)!]!;
    expect(d.attempts.map((a) => a.succeeded)).toEqual([...plan.map(() => false), true]);
  }
});
