// Ingest's group commit (lib/events/fan-out-event.ts): events accepted together are
// stored by one statement, each with its own deliveries, jobs and trace; an
// Idempotency-Key taken twice at once still makes one event; one event's failure stays
// that event's.
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { db } from '@/lib/db';
import { queuedJobs } from '../support/queued-jobs.ts';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { createEvent } from '@/lib/events/create-event';
import { fanOutEvent } from '@/lib/events/fan-out-event';
import { initTracing, withSpan } from '@/lib/observability/tracing';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  initTracing('hookline-test', new InMemorySpanExporter());
});

afterAll(async () => {
  await harness?.close();
});

const url = (path: string) => `http://127.0.0.1:9/${path}`;
const event = (tenantId: string, type: string, n: number) => ({ tenantId, type, data: { n }, idempotencyKey: null, requestHash: null });


it('stores events accepted in one turn with one statement, each with its own deliveries, jobs and trace', async () => {
  const a = await harness.newTenant('A');
  const b = await harness.newTenant('B');
  const a1 = await createEndpoint(a.id, { url: url('a1') });
  const a2 = await createEndpoint(a.id, { url: url('a2'), eventTypes: ['order.created'] });
  const b1 = await createEndpoint(b.id, { url: url('b1') });
  // The group commit's statement is prepared, on the pg pool (queryPrepared).
  const statements = vi.spyOn(pg.Pool.prototype, 'query');

  const inputs = Array.from({ length: 30 }, (_, n) => (n % 3 === 2 ? event(b.id, 'order.created', n) : event(a.id, n % 2 ? 'order.created' : 'user.created', n)));
  const traced = await Promise.all(
    inputs.map((input) => withSpan('ingest', {}, async (span) => ({ traceId: span.spanContext().traceId, accepted: await fanOutEvent(input) }))),
  );
  expect(statements.mock.calls.filter(([config]) => (config as { name?: string }).name === 'hookline_fan_out')).toHaveLength(1);
  statements.mockRestore();

  expect(new Set(traced.map((t) => t.accepted.id)).size).toBe(30);
  for (const [n, { traceId, accepted }] of traced.entries()) {
    const input = inputs[n]!;
    const expected = input.tenantId === b.id ? [b1.id] : input.type === 'order.created' ? [a1.id, a2.id] : [a1.id];
    expect(accepted.deliveries.map((d) => d.endpointId).sort()).toEqual(expected.sort());
    const stored = await db().delivery.findMany({ where: { eventId: accepted.id }, select: { id: true, endpointId: true, tenantId: true }, orderBy: { id: 'asc' } });
    expect(stored).toEqual(accepted.deliveries.map((d) => ({ ...d, tenantId: input.tenantId })));
    const body = JSON.parse((await db().event.findUniqueOrThrow({ where: { id: accepted.id } })).body) as { data: unknown };
    expect(body.data).toEqual({ n });
    // One job per event, carrying each of its deliveries and the trace of the request that queued it.
    const jobs = await queuedJobs(accepted.deliveries.map((d) => d.id));
    expect(jobs.map((j) => j.delivery).sort()).toEqual(accepted.deliveries.map((d) => d.id).sort());
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(1);
    for (const job of jobs) expect(job.traceparent?.split('-')[1]).toBe(traceId);
  }
});

it('an Idempotency-Key sent twice at once makes one event: the other request replays it', async () => {
  const t = await harness.newTenant();
  await createEndpoint(t.id, { url: url('k') });
  const body = { type: 'order.created', data: { id: 7 } };
  const results = await Promise.all([createEvent(t.id, body, 'twice'), createEvent(t.id, body, 'twice'), createEvent(t.id, { ...body, data: { id: 8 } }, 'other')]);
  expect(results[0]!.event).toEqual(results[1]!.event);
  expect(results.slice(0, 2).map((r) => r.replayed).sort()).toEqual([false, true]);
  expect(results[2]!.event.id).not.toBe(results[0]!.event.id);
  expect(await db().event.count({ where: { tenantId: t.id } })).toBe(2);
  expect(await db().delivery.count({ where: { tenantId: t.id } })).toBe(2);
});

it('an event that cannot be stored fails alone: the others of its batch are stored', async () => {
  const t = await harness.newTenant();
  await createEndpoint(t.id, { url: url('ok') });
  const results = await Promise.allSettled([
    fanOutEvent(event(t.id, 'a.b', 1)),
    // No such tenant: its insert breaks the foreign key, and with it the batch's statement.
    fanOutEvent(event('tnt_does_not_exist', 'a.b', 2)),
    fanOutEvent(event(t.id, 'a.b', 3)),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  const stored = await db().event.findMany({ where: { tenantId: t.id }, select: { id: true } });
  expect(stored.map((e) => e.id).sort()).toEqual(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : [])).sort());
  expect(await db().delivery.count({ where: { tenantId: t.id } })).toBe(2);
  expect(await db().event.count({ where: { tenantId: 'tnt_does_not_exist' } })).toBe(0);
});
