// Jobs put back together are put back by one statement (lib/queue/defer-delivery-job.ts),
// each only while its token is still the delivery's: the job comes back at its time, at
// the waiting priority, with the same payload; a job replaced meanwhile is left alone.
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { fanOutEvent } from '@/lib/events/fan-out-event';
import { WAITING_PRIORITY } from '@/lib/queue/deliver-job';
import { deferDeliveryJob } from '@/lib/queue/defer-delivery-job';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

type JobRow = { delivery: string; token: string; trigger: string; run_at: Date; priority: number; key: string };
const jobsOf = (ids: string[]) =>
  db().$queryRaw<JobRow[]>`
    select payload->>'deliveryId' as delivery, payload->>'token' as token, payload->>'trigger' as trigger, run_at, priority, key
      from graphile_worker._private_jobs where payload->>'deliveryId' = any(${ids}::text[]) order by id`;

it('puts back jobs made in one turn with one statement, and only those still current', async () => {
  const t = await harness.newTenant();
  await createEndpoint(t.id, { url: 'http://127.0.0.1:9/slow' });
  const events = await Promise.all([1, 2, 3].map((n) => fanOutEvent({ tenantId: t.id, type: 'a.b', data: { n }, idempotencyKey: null, requestHash: null })));
  const ids = events.map((e) => e.deliveries[0]!.id);
  const rows = await db().delivery.findMany({ where: { id: { in: ids } }, select: { id: true, jobToken: true } });
  const token = new Map(rows.map((r) => [r.id, r.jobToken!]));
  const runAt = new Date(Date.now() + 60_000);
  const queries = vi.spyOn(pg.Pool.prototype, 'query');

  const results = await Promise.all([
    deferDeliveryJob({ deliveryId: ids[0]!, token: token.get(ids[0]!)!, trigger: 'automatic', lane: 'first' }, runAt),
    deferDeliveryJob({ deliveryId: ids[1]!, token: token.get(ids[1]!)!, trigger: 'automatic', lane: 'first' }, runAt),
    // Replaced meanwhile (a manual retry took over): not put back.
    deferDeliveryJob({ deliveryId: ids[2]!, token: 'an-old-token', trigger: 'automatic', lane: 'first' }, runAt),
  ]);
  const deferStatements = queries.mock.calls.filter(([config]) => (config as { name?: string }).name === 'hookline_defer_jobs');
  queries.mockRestore();
  expect(results).toEqual(['deferred', 'deferred', 'stale']);
  expect(deferStatements).toHaveLength(1);

  const jobs = await jobsOf(ids);
  for (const id of ids.slice(0, 2)) {
    // One job per delivery (the key replaced the queued one), due at runAt, waiting priority, same token.
    const mine = jobs.filter((j) => j.delivery === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ token: token.get(id), trigger: 'automatic', priority: WAITING_PRIORITY, key: `delivery:${id}` });
    expect(mine[0]!.run_at.getTime()).toBe(runAt.getTime());
    expect((await db().delivery.findUniqueOrThrow({ where: { id } })).nextAttemptAt?.getTime()).toBe(runAt.getTime());
  }
  // The stale one's job is as fan-out queued it: due now, first-attempt priority.
  const untouched = jobs.filter((j) => j.delivery === ids[2]);
  expect(untouched).toHaveLength(1);
  expect(untouched[0]!.priority).toBe(0);
  expect(untouched[0]!.run_at.getTime()).toBeLessThan(runAt.getTime() - 30_000);
});
