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
  // Every slot the limiter hands out, at the database's time of the statement that took it
  // (lib/delivery/take-rate-slot.ts moves rate_next_at 1/rate ahead of that time). The
  // attempts' own start times are read from the worker's clock after the slot came back,
  // so they also carry the delays of this process's event loop, which the two workers and
  // the receiver share with other test files' CPU: a gap of 136 ms once showed up between
  // two attempt starts whose slots were 200 ms apart.
  await db().$executeRawUnsafe(`create table rate_slots_taken (endpoint_id text, taken_at timestamptz)`);
  await db().$executeRawUnsafe(`
    create function note_rate_slot() returns trigger language plpgsql as $$
    begin
      insert into rate_slots_taken values (new.id, now());
      return new;
    end $$`);
  await db().$executeRawUnsafe(`
    create trigger note_rate_slot after update of rate_next_at on endpoints
      for each row when (new.rate_next_at is distinct from old.rate_next_at) execute function note_rate_slot()`);
  try {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);
    await allSucceeded(ids);
    expect(rx.requests).toHaveLength(10);

    const taken = (await db().$queryRaw<{ at: Date }[]>`select taken_at as at from rate_slots_taken where endpoint_id = ${ep.body.id} order by taken_at`).map((r) => r.at.getTime());
    // One slot per attempt: a job that found the limit reached waited without taking one.
    expect(taken).toHaveLength(10);
    // 5/s: every slot at least 1/rate after the one before (database time, ms precision),
    // so no one-second window holds more than 5.
    for (let i = 1; i < taken.length; i++) expect(taken[i]! - taken[i - 1]!).toBeGreaterThanOrEqual(200);
    for (const at of taken) expect(taken.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(5);
    // Waits are not attempts.
    const attempts = await db().delivery.findMany({ where: { eventId: { in: ids } }, select: { attemptCount: true } });
    expect(attempts.every((d) => d.attemptCount === 1)).toBe(true);
    expect(await db().attempt.count({ where: { delivery: { eventId: { in: ids } } } })).toBe(10);
  } finally {
    await db().$executeRawUnsafe('drop trigger note_rate_slot on endpoints');
    await db().$executeRawUnsafe('drop function note_rate_slot()');
    await db().$executeRawUnsafe('drop table rate_slots_taken');
  }
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
