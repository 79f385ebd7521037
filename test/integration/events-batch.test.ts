// POST /api/v1/events/batch through its real route handler and a real database: every item
// fans out to its subscribed endpoints (one delivery and one graphile job each); the batch
// is validated whole and stored whole (a bad item, or a key reused with another body,
// leaves nothing of it); each item's idempotencyKey replays as POST /events' header does;
// keys are per tenant. No worker runs here: accepted events' jobs stay queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { queuedJobs } from '../support/queued-jobs.ts';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { resetEnvForTests } from '@/lib/env';
import { createEventType } from '@/lib/event-types/create-event-type';
import { metrics } from '@/lib/observability/metrics';
import { resetQueuePressureForTests } from '@/lib/queue/queue-pressure';
import { apiClient, type ApiResponse } from '../support/api.ts';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

type Tenant = Awaited<ReturnType<Harness['newTenant']>>;
type Item = { type: string; data: unknown; idempotencyKey?: string };

const sendBatch = (apiKey: string | null, body: unknown): Promise<ApiResponse> => apiClient(apiKey)('POST', '/api/v1/events/batch', { body });
const batch = (t: Tenant, events: Item[]) => sendBatch(t.apiKey, { events });

const url = (path: string) => `http://127.0.0.1:9/${path}`;
const items = (count: number, type = 'order.created', key?: (n: number) => string): Item[] =>
  Array.from({ length: count }, (_, n) => ({ type, data: { n }, ...(key ? { idempotencyKey: key(n) } : {}) }));

/** What the tenant has stored: events, deliveries, and the deliveries queued in graphile jobs. */
async function stored(tenantId: string) {
  const deliveries = await db().delivery.findMany({ where: { tenantId }, select: { id: true } });
  return {
    events: await db().event.count({ where: { tenantId } }),
    deliveries: deliveries.length,
    jobs: (await queuedJobs(deliveries.map((d) => d.id))).length,
  };
}

/** hookline_events_accepted_total: new events only, replays not counted. */
const acceptedCount = async () => (await metrics().eventsAccepted.get()).values.reduce((sum, v) => sum + v.value, 0);

function expectError(res: ApiResponse, status: number, code: string, path?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (path !== undefined) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
}

describe('accepted', () => {
  it('fans every item out to its subscribed endpoints, one delivery each and one job per event, answering in the items\' order', async () => {
    const t = await harness.newTenant();
    const all = await createEndpoint(t.id, { url: url('all') });
    const orders = await createEndpoint(t.id, { url: url('orders'), eventTypes: ['order.created'] });
    const users = await createEndpoint(t.id, { url: url('users'), eventTypes: ['user.created'] });
    const disabled = await createEndpoint(t.id, { url: url('off') });
    await db().endpoint.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });

    const sent: Item[] = [
      { type: 'order.created', data: { order: 1 } },
      { type: 'user.created', data: { user: 2 } },
      { type: 'invoice.paid', data: { invoice: 3 }, idempotencyKey: 'inv-3' },
      { type: 'order.created', data: { order: 4, lines: [{ sku: 'a' }] } },
    ];
    const res = await batch(t, sent);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const answered = res.body.data as { id: string; type: string; createdAt: string; replayed: boolean; deliveries: { id: string; endpointId: string }[] }[];
    expect(answered.map((e) => [e.type, e.replayed])).toEqual(sent.map((e) => [e.type, false]));
    expect(new Set(answered.map((e) => e.id)).size).toBe(4);
    const expected = [[all.id, orders.id], [all.id, users.id], [all.id], [all.id, orders.id]];
    for (const [n, event] of answered.entries()) {
      expect(event.id).toMatch(/^msg_/);
      expect(event.deliveries.map((d) => d.endpointId).sort()).toEqual(expected[n]!.sort());
      const deliveries = await db().delivery.findMany({ where: { eventId: event.id }, select: { id: true, endpointId: true }, orderBy: { id: 'asc' } });
      expect(deliveries).toEqual(event.deliveries);
      const row = await db().event.findUniqueOrThrow({ where: { id: event.id } });
      expect(JSON.parse(row.body)).toEqual({ type: sent[n]!.type, timestamp: event.createdAt, data: sent[n]!.data });
      expect(row.idempotencyKey).toBe(sent[n]!.idempotencyKey ?? null);
      // One fan-out job per event, carrying each of its deliveries once.
      const jobs = await queuedJobs(event.deliveries.map((d) => d.id));
      expect(jobs.map((j) => j.delivery).sort()).toEqual(event.deliveries.map((d) => d.id).sort());
      expect(new Set(jobs.map((j) => j.jobId)).size).toBe(1);
      expect(jobs.every((j) => j.fanOut === event.deliveries.length && j.key === null)).toBe(true);
    }
    expect(await stored(t.id)).toEqual({ events: 4, deliveries: 7, jobs: 7 });
  });

  it('takes 100 items and refuses 101 (storing none of them)', async () => {
    const t = await harness.newTenant();
    await createEndpoint(t.id, { url: url('x') });
    const hundred = await batch(t, items(100));
    expect(hundred.status, JSON.stringify(hundred.body)).toBe(202);
    expect(hundred.body.data).toHaveLength(100);
    expect(hundred.body.data.every((e: { deliveries: unknown[] }) => e.deliveries.length === 1)).toBe(true);
    expect(await stored(t.id)).toEqual({ events: 100, deliveries: 100, jobs: 100 });

    const tooMany = await batch(t, items(101));
    expectError(tooMany, 400, 'invalid_request', 'events');
    expect(tooMany.body.error.message).toMatch(/100/);
    expect(await stored(t.id)).toEqual({ events: 100, deliveries: 100, jobs: 100 });
  });
});

describe('refused whole', () => {
  it('an invalid item refuses the batch, naming its path, and nothing of it is stored', async () => {
    const t = await harness.newTenant();
    await createEndpoint(t.id, { url: url('x') });
    const cases: [Item[] | unknown[], string][] = [
      [[...items(3), { type: 'order.created', data: [1, 2] }], 'events.3.data'],
      [[...items(2), { type: 'no spaces', data: {} }], 'events.2.type'],
      [[{ type: 'order.created', data: {}, extra: true }], 'events.0.extra'],
      [[{ type: 'order.created', data: {}, idempotencyKey: '' }], 'events.0.idempotencyKey'],
      [[{ type: 'order.created', data: {}, idempotencyKey: 'k'.repeat(256) }], 'events.0.idempotencyKey'],
      [[...items(2), 'not an event'], 'events.2'],
    ];
    for (const [events, path] of cases) expectError(await batch(t, events as Item[]), 400, 'invalid_request', path);
    expect(await stored(t.id)).toEqual({ events: 0, deliveries: 0, jobs: 0 });
  });

  it('an empty array, a missing or non-array `events`, or an unknown field is a 400', async () => {
    const t = await harness.newTenant();
    expectError(await batch(t, []), 400, 'invalid_request', 'events');
    expectError(await sendBatch(t.apiKey, {}), 400, 'invalid_request', 'events');
    expectError(await sendBatch(t.apiKey, { events: { type: 'a.b', data: {} } }), 400, 'invalid_request', 'events');
    expectError(await sendBatch(t.apiKey, { events: items(1), more: 1 }), 400, 'invalid_request', 'more');
    expectError(await sendBatch(t.apiKey, [items(1)]), 400, 'invalid_request');
    expect(await stored(t.id)).toEqual({ events: 0, deliveries: 0, jobs: 0 });
  });

  it('two items with the same idempotencyKey are a 400 naming the second', async () => {
    const t = await harness.newTenant();
    const res = await batch(t, [...items(2, 'order.created', (n) => `k-${n}`), { type: 'order.created', data: { n: 9 }, idempotencyKey: 'k-0' }]);
    expectError(res, 400, 'invalid_request', 'events.2.idempotencyKey');
    expect(res.body.error.details).toHaveLength(1);
    expect(res.body.error.message).toMatch(/events\.0/);
    expect(await stored(t.id)).toEqual({ events: 0, deliveries: 0, jobs: 0 });
  });

  it('checks each item against its registered event type\'s JSON Schema, with the item\'s path', async () => {
    const t = await harness.newTenant();
    await createEndpoint(t.id, { url: url('x') });
    await createEventType(t.id, {
      name: 'order.created',
      schema: {
        type: 'object',
        required: ['lines'],
        properties: { lines: { type: 'array', items: { type: 'object', required: ['quantity'], properties: { quantity: { type: 'integer', minimum: 1 } } } } },
      },
    });
    const good = { type: 'order.created', data: { lines: [{ quantity: 1 }] } };
    const res = await batch(t, [good, { type: 'unregistered.type', data: { anything: true } }, good, { type: 'order.created', data: { lines: [{ quantity: 1 }, { quantity: 0 }] } }]);
    expectError(res, 400, 'invalid_request', 'events.3.data.lines.1.quantity');
    expect(res.body.error.message).toMatch(/^events\.3\.data\.lines\.1\.quantity: .*order\.created/);
    expect(await stored(t.id)).toEqual({ events: 0, deliveries: 0, jobs: 0 });

    const fixed = await batch(t, [good, { type: 'unregistered.type', data: { anything: true } }, good]);
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(202);
    expect(await stored(t.id)).toEqual({ events: 3, deliveries: 3, jobs: 3 });
  });

  it('without an API key is a 401', async () => {
    expectError(await sendBatch(null, { events: items(1) }), 401, 'unauthorized');
    expectError(await sendBatch('hl_not_a_real_key', { events: items(1) }), 401, 'unauthorized');
  });
});

describe('idempotency per item', () => {
  it('a batch sent twice answers the same events, replayed, and stores nothing new', async () => {
    const t = await harness.newTenant();
    await createEndpoint(t.id, { url: url('x') });
    const keyed = items(5, 'order.created', (n) => `order-${n}`);
    const counted = await acceptedCount();
    const first = await batch(t, keyed);
    expect(first.status).toBe(202);
    expect(await acceptedCount()).toBe(counted + 5);
    const before = await stored(t.id);
    expect(before).toEqual({ events: 5, deliveries: 5, jobs: 5 });

    const again = await batch(t, keyed);
    expect(again.status).toBe(202);
    expect(again.body.data).toEqual(first.body.data.map((e: object) => ({ ...e, replayed: true })));
    expect(await stored(t.id)).toEqual(before);
    expect(await acceptedCount()).toBe(counted + 5);

    // Mixed: replays and new items together, in the items' order; a key that POST /events
    // used with the same body replays too (the same request hash).
    const single = await t.api('POST', '/api/v1/events', { body: { type: 'invoice.paid', data: { id: 1 } }, headers: { 'idempotency-key': 'single' } });
    const mixed = await batch(t, [{ type: 'order.created', data: { n: 'new' } }, keyed[2]!, { type: 'invoice.paid', data: { id: 1 }, idempotencyKey: 'single' }]);
    expect(mixed.status, JSON.stringify(mixed.body)).toBe(202);
    expect(mixed.body.data.map((e: { replayed: boolean }) => e.replayed)).toEqual([false, true, true]);
    expect(mixed.body.data[1]).toEqual({ ...first.body.data[2], replayed: true });
    expect(mixed.body.data[2]).toEqual({ ...single.body, replayed: true });
    expect(await stored(t.id)).toEqual({ events: 7, deliveries: 7, jobs: 7 });
  });

  it('a key used with another body refuses the whole batch with 409 naming the item, storing nothing of it', async () => {
    const t = await harness.newTenant();
    await createEndpoint(t.id, { url: url('x') });
    const first = await batch(t, [{ type: 'order.created', data: { n: 1 }, idempotencyKey: 'taken' }]);
    const before = await stored(t.id);

    const res = await batch(t, [
      { type: 'order.created', data: { n: 'fresh' }, idempotencyKey: 'fresh' },
      { type: 'order.created', data: { n: 'new, keyless' } },
      { type: 'order.created', data: { n: 2 }, idempotencyKey: 'taken' },
    ]);
    expectError(res, 409, 'idempotency_conflict', 'events.2.idempotencyKey');
    expect(res.body.error.details).toEqual([{ path: 'events.2.idempotencyKey', message: expect.stringContaining(first.body.data[0].id) }]);
    // Rolled back: the two new items' events, deliveries and jobs, and the key 'fresh'.
    expect(await stored(t.id)).toEqual(before);
    expect(await db().event.count({ where: { tenantId: t.id, idempotencyKey: 'fresh' } })).toBe(0);

    const retried = await batch(t, [{ type: 'order.created', data: { n: 'fresh' }, idempotencyKey: 'fresh' }]);
    expect(retried.body.data[0].replayed).toBe(false);
  });

  it('a key over 24 hours old goes to the batch\'s new event; the old event keeps everything else', async () => {
    const t = await harness.newTenant();
    const old = await batch(t, [{ type: 'order.created', data: { n: 1 }, idempotencyKey: 'daily' }]);
    const oldId: string = old.body.data[0].id;
    await db().$executeRaw`update events set created_at = now() - interval '24 hours 1 minute' where id = ${oldId}`;

    const fresh = await batch(t, [{ type: 'order.created', data: { n: 2 } }, { type: 'order.created', data: { n: 1 }, idempotencyKey: 'daily' }]);
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(202);
    expect(fresh.body.data.map((e: { replayed: boolean }) => e.replayed)).toEqual([false, false]);
    expect(fresh.body.data[1].id).not.toBe(oldId);
    expect(await db().event.findUniqueOrThrow({ where: { id: oldId }, select: { idempotencyKey: true } })).toEqual({ idempotencyKey: null });
    const replay = await batch(t, [{ type: 'order.created', data: { n: 1 }, idempotencyKey: 'daily' }]);
    expect(replay.body.data[0]).toEqual({ ...fresh.body.data[1], replayed: true });
  });

  it('keys are per tenant: another tenant\'s keys don\'t collide, and its endpoints get nothing', async () => {
    const a = await harness.newTenant('A');
    const b = await harness.newTenant('B');
    const aEndpoint = await createEndpoint(a.id, { url: url('a') });
    const bEndpoint = await createEndpoint(b.id, { url: url('b') });
    const keyed = items(3, 'order.created', (n) => `shared-${n}`);
    const fromA = await batch(a, keyed);
    // The same keys, even with other bodies: B's own events.
    const fromB = await batch(b, keyed.map((item) => ({ ...item, data: { other: true } })));
    expect(fromB.status, JSON.stringify(fromB.body)).toBe(202);
    expect(fromB.body.data.map((e: { replayed: boolean }) => e.replayed)).toEqual([false, false, false]);
    const aIds = fromA.body.data.map((e: { id: string }) => e.id);
    for (const event of fromB.body.data) {
      expect(aIds).not.toContain(event.id);
      expect(event.deliveries).toEqual([{ id: expect.any(String), endpointId: bEndpoint.id }]);
    }
    expect(await db().delivery.count({ where: { endpointId: aEndpoint.id } })).toBe(3);
    expect(await db().delivery.count({ where: { endpointId: bEndpoint.id } })).toBe(3);
    expect(await stored(a.id)).toEqual({ events: 3, deliveries: 3, jobs: 3 });
    expect(await stored(b.id)).toEqual({ events: 3, deliveries: 3, jobs: 3 });
  });
});

describe('backpressure', () => {
  it('a full queue refuses the batch with 503 and Retry-After, storing nothing; a batch already accepted still replays', async () => {
    const t = await harness.newTenant();
    await createEndpoint(t.id, { url: url('x') });
    const keyed = items(2, 'order.created', (n) => `bp-${n}`);
    const accepted = await batch(t, keyed);
    expect(accepted.status).toBe(202);
    const before = await stored(t.id);

    // Jobs are queued in this database (no worker runs): with a limit of 1 it is full.
    process.env.QUEUE_MAX_READY = '1';
    resetEnvForTests();
    resetQueuePressureForTests();
    try {
      const refused = await batch(t, items(3));
      expectError(refused, 503, 'queue_full');
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await stored(t.id)).toEqual(before);

      const replay = await batch(t, keyed);
      expect(replay.status).toBe(202);
      expect(replay.body.data).toEqual(accepted.body.data.map((e: object) => ({ ...e, replayed: true })));
      // Only when every item is a replay: one new item among them is refused with the rest.
      expectError(await batch(t, [...keyed, { type: 'order.created', data: {}, idempotencyKey: 'bp-new' }]), 503, 'queue_full');
    } finally {
      delete process.env.QUEUE_MAX_READY;
      resetEnvForTests();
      resetQueuePressureForTests();
    }
  });
});
