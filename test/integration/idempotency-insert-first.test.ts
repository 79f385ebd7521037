// POST /events with an Idempotency-Key inserts first and looks the key up only when the
// unique index on (tenant_id, idempotency_key) refuses the insert: a new event costs one
// statement, not a look-up plus an insert (the SDK sends a key with every event).
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await harness?.close();
});

type Tenant = Awaited<ReturnType<Harness['newTenant']>>;
const send = (t: Tenant, data: unknown, key: string) => t.api('POST', '/api/v1/events', { body: { type: 'order.created', data }, headers: { 'idempotency-key': key } });

it('creates an event with a new key without looking the key up, and looks it up for a replay or a conflict', async () => {
  const t = await harness.newTenant();
  const lookups = vi.spyOn(db().event, 'findUnique');

  const first = await send(t, { n: 1 }, 'sdk-key-1');
  expect(first.status, JSON.stringify(first.body)).toBe(202);
  expect(lookups).not.toHaveBeenCalled();

  const replay = await send(t, { n: 1 }, 'sdk-key-1');
  expect(replay.status).toBe(202);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.body).toEqual(first.body);
  expect(lookups).toHaveBeenCalledTimes(1);

  const conflict = await send(t, { n: 2 }, 'sdk-key-1');
  expect(conflict.status).toBe(409);
  expect(conflict.body.error.code).toBe('idempotency_conflict');
  expect(await db().event.count({ where: { tenantId: t.id } })).toBe(1);
});

it('gives a key over 24 hours old to a new event, even with the same body, and replays that one afterwards', async () => {
  const t = await harness.newTenant();
  const old = await send(t, { n: 1 }, 'daily');
  await db().$executeRaw`update events set created_at = now() - interval '24 hours 1 minute' where id = ${old.body.id}`;

  const fresh = await send(t, { n: 1 }, 'daily');
  expect(fresh.status, JSON.stringify(fresh.body)).toBe(202);
  expect(fresh.headers.get('idempotent-replayed')).toBeNull();
  expect(fresh.body.id).not.toBe(old.body.id);
  const events = await db().event.findMany({ where: { tenantId: t.id }, select: { id: true, idempotencyKey: true }, orderBy: { id: 'asc' } });
  expect(events).toEqual([
    { id: old.body.id, idempotencyKey: null },
    { id: fresh.body.id, idempotencyKey: 'daily' },
  ]);

  const replay = await send(t, { n: 1 }, 'daily');
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.body.id).toBe(fresh.body.id);
});

it('keeps the body hash a replay is judged by only for keyed events', async () => {
  const t = await harness.newTenant();
  const keyed = await send(t, { n: 1 }, 'hash-key-1');
  const keyless = await t.api('POST', '/api/v1/events', { body: { type: 'order.created', data: { n: 1 } } });
  expect([keyed.status, keyless.status]).toEqual([202, 202]);
  const stored = await db().event.findMany({ where: { id: { in: [keyed.body.id, keyless.body.id] } }, select: { id: true, requestHash: true } });
  const hashOf = new Map(stored.map((e) => [e.id, e.requestHash]));
  expect(hashOf.get(keyed.body.id)).toMatch(/^[0-9a-f]{64}$/);
  expect(hashOf.get(keyless.body.id)).toBeNull();
});
