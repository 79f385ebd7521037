// The deliveries of the jobs graphile-worker's local queue fetched load in one statement,
// ahead of their jobs (lib/delivery/load-delivery.ts): a worker started on a backlog
// reads them with one load per fetch, not one per few jobs. A prefetched row is used
// once and only while fresh; a job that starts later reads the delivery again.
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { fanOutEvent } from '@/lib/events/fan-out-event';
import { loadDelivery, PREFETCH_FRESH_MS, prefetchDeliveries } from '@/lib/delivery/load-delivery';
import { DELIVER_RETRY_TASK, DELIVER_TASK, deliveryIds } from '@/lib/queue/deliver-job';
import { startWorker } from '@/worker/start-worker';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let receiver: Receiver;

beforeAll(async () => {
  // One runner (no slots kept for first attempts), so one fetch takes the whole backlog.
  harness = await startHarness({ FIRST_ATTEMPT_CONCURRENCY: '0' });
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await harness?.close();
});

const LOAD = 'hookline_load_deliveries';
// The ids each load statement asked for, in order.
const loadStatements = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.flatMap(([config]) => ((config as { name?: string }).name === LOAD ? [(config as { values: unknown[] }).values.find(Array.isArray) as string[]] : []));

async function queueEvents(tenantId: string, count: number): Promise<string[]> {
  const events = await Promise.all(Array.from({ length: count }, (_, n) => fanOutEvent({ tenantId, type: 'a.b', data: { n }, idempotencyKey: null, requestHash: null })));
  return events.map((e) => e.deliveries[0]!.id);
}

it('a worker loads the deliveries of a whole fetch with one statement, before any slot frees', async () => {
  const t = await harness.newTenant();
  // One event to nine endpoints: nine jobs, what one fetch takes (the local queue holds
  // WORKER_CONCURRENCY + 1 = 9 here), so one of them waits for a slot; no job waits for
  // another's endpoint.
  for (let i = 0; i < 9; i++) await createEndpoint(t.id, { url: `${receiver.url}/${i}` });
  const event = await fanOutEvent({ tenantId: t.id, type: 'a.b', data: {}, idempotencyKey: null, requestHash: null });
  const ids = event.deliveries.map((d) => d.id);
  expect(ids).toHaveLength(9);
  const queries = vi.spyOn(pg.Pool.prototype, 'query');
  const worker = await startWorker();
  try {
    await waitFor(async () => (await db().delivery.count({ where: { id: { in: ids }, status: 'succeeded' } })) === ids.length, { timeoutMs: 15_000 });
  } finally {
    await worker.stop();
  }
  const loads = loadStatements(queries);
  queries.mockRestore();
  expect(new Set(receiver.requests.map((r) => r.path)).size).toBe(ids.length);
  // The first load carried all nine, the ninth job's too, though only eight could start
  // (read as they start, the eight would have shared one load and the ninth had its own).
  expect(new Set(loads[0])).toEqual(new Set(ids));
});

it('a prefetched delivery is used once, and only while fresh', async () => {
  const t = await harness.newTenant();
  await createEndpoint(t.id, { url: receiver.url });
  const [first, second] = await queueEvents(t.id, 2);
  const queries = vi.spyOn(pg.Pool.prototype, 'query');
  try {
    prefetchDeliveries([first!, second!]);
    const loaded = await loadDelivery(first!);
    expect(loaded?.id).toBe(first);
    expect(loadStatements(queries)).toHaveLength(1);

    // Taken once: the same delivery asked again is read again, and sees a change.
    await db().delivery.update({ where: { id: first! }, data: { jobToken: 'replaced-by-a-manual-retry' } });
    expect((await loadDelivery(first!))?.jobToken).toBe('replaced-by-a-manual-retry');
    expect(loadStatements(queries)).toHaveLength(2);

    // Older than PREFETCH_FRESH_MS: read again rather than trusted.
    await db().delivery.update({ where: { id: second! }, data: { jobToken: 'changed-while-it-waited' } });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + PREFETCH_FRESH_MS + 1 });
    expect((await loadDelivery(second!))?.jobToken).toBe('changed-while-it-waited');
    expect(loadStatements(queries)).toHaveLength(3);
  } finally {
    vi.useRealTimers();
    queries.mockRestore();
  }
});

it('takes the delivery ids of deliver jobs only', () => {
  const jobs = [
    { task_identifier: DELIVER_TASK, payload: { deliveryId: 'dlv_1', token: 't' } },
    { task_identifier: DELIVER_RETRY_TASK, payload: { deliveryId: 'dlv_2', token: 't' } },
    { task_identifier: 'purge_retention', payload: { deliveryId: 'dlv_3' } },
    { task_identifier: DELIVER_TASK, payload: null },
    { task_identifier: DELIVER_TASK, payload: { deliveryId: 42 } },
  ];
  expect(deliveryIds(jobs)).toEqual(['dlv_1', 'dlv_2']);
});
