// Ingest queues one job per event for its deliveries' first attempts (a fan-out job, at
// most FAN_OUT_JOB_SIZE deliveries each; lib/queue/deliver-job.ts). The job attempts each
// delivery as its own job would; a delivery put back goes into a job of its own under a
// new token, so the fan-out job run again (graphile-worker retries a job when any of its
// deliveries hit a fault) sends nothing twice; and the worker makes no more than
// WORKER_CONCURRENCY attempts at once, however many deliveries its jobs carry (which
// waits hold a permit: lib/delivery/attempt-permits.test.ts).
import type { JobHelpers } from 'graphile-worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { fanOutEvent } from '@/lib/events/fan-out-event';
import { attemptDelivery } from '@/lib/delivery/attempt-delivery';
import { workerPermits } from '@/lib/delivery/attempt-permits';
import { tryTakeSlot } from '@/lib/delivery/endpoint-slots';
import { attemptContext } from '../support/attempt-context.ts';
import { FAN_OUT_JOB_SIZE } from '@/lib/queue/deliver-job';
import { deliver } from '@/worker/tasks/deliver';
import { queuedJobs } from '../support/queued-jobs.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let receiver: Receiver;

beforeAll(async () => {
  // Two attempts at once per worker; one per endpoint.
  harness = await startHarness({ WORKER_CONCURRENCY: '2', FIRST_ATTEMPT_CONCURRENCY: '1', ENDPOINT_CONCURRENCY: '1' });
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await harness?.close();
});

/** Runs the deliver task on a queued job as graphile-worker would (its `attempts`-th run). */
async function runJob(jobId: string, attempts = 1): Promise<void> {
  const [job] = await db().$queryRaw<{ payload: unknown }[]>`select payload from graphile_worker._private_jobs where id = ${BigInt(jobId)}`;
  const helpers = { job: { id: jobId, task_identifier: 'deliver', attempts, max_attempts: 25 } } as unknown as JobHelpers;
  await deliver(job!.payload, helpers);
}

async function tenantWith(endpoints: number) {
  const t = await harness.newTenant();
  const ids: string[] = [];
  for (let i = 0; i < endpoints; i++) ids.push((await createEndpoint(t.id, { url: `${receiver.url}/${t.id}/${i}` })).id);
  return { tenantId: t.id, endpointIds: ids };
}

it('queues one job per event, FAN_OUT_JOB_SIZE deliveries at most to a job, and the jobs deliver each once', async () => {
  const { tenantId } = await tenantWith(FAN_OUT_JOB_SIZE + 2);
  const event = await fanOutEvent({ tenantId, type: 'a.b', data: { n: 1 }, idempotencyKey: null, requestHash: null });
  const ids = event.deliveries.map((d) => d.id);
  const jobs = await queuedJobs(ids);
  const byJob = new Map<string, number>();
  for (const job of jobs) byJob.set(job.jobId, (byJob.get(job.jobId) ?? 0) + 1);
  expect([...byJob.values()].sort((a, b) => a - b)).toEqual([2, FAN_OUT_JOB_SIZE]);
  expect(jobs.map((j) => j.delivery).sort()).toEqual([...ids].sort());
  expect(jobs.every((j) => j.task === 'deliver' && j.key === null && j.priority === 0 && j.trigger === 'automatic')).toBe(true);

  for (const jobId of byJob.keys()) await runJob(jobId);
  const received = receiver.requests.filter((r) => r.path.startsWith(`/hooks/${tenantId}/`));
  expect(received).toHaveLength(FAN_OUT_JOB_SIZE + 2);
  expect(new Set(received.map((r) => r.path)).size).toBe(FAN_OUT_JOB_SIZE + 2);
  expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
  const rows = await db().delivery.findMany({ where: { id: { in: ids } } });
  expect(rows.every((d) => d.status === 'succeeded' && d.attemptCount === 1 && d.jobToken === null)).toBe(true);
});

it('run again, a fan-out job sends nothing twice: recorded deliveries and ones put back in their own job are no longer its own', async () => {
  const { tenantId, endpointIds } = await tenantWith(2);
  const event = await fanOutEvent({ tenantId, type: 'a.b', data: { n: 2 }, idempotencyKey: null, requestHash: null });
  const [fanOut] = await queuedJobs(event.deliveries.map((d) => d.id));
  const busy = event.deliveries.find((d) => d.endpointId === endpointIds[0])!;
  const sent = event.deliveries.find((d) => d.endpointId === endpointIds[1])!;
  // The first endpoint is at its cap (one attempt in flight, by someone else): its delivery goes back.
  const held = tryTakeSlot(endpointIds[0]!, 1)!;
  await runJob(fanOut!.jobId);
  held.release();
  const putBack = await db().delivery.findUniqueOrThrow({ where: { id: busy.id } });
  expect(putBack.status).toBe('pending');
  const own = (await queuedJobs([busy.id])).filter((j) => j.key !== null);
  expect(own.map((j) => j.token)).toEqual([putBack.jobToken]);
  expect(putBack.jobToken).not.toBe(fanOut!.token);

  // graphile-worker's second run of the same job (as after a fault in another delivery).
  await runJob(fanOut!.jobId, 2);
  const received = receiver.requests.filter((r) => r.path.startsWith(`/hooks/${tenantId}/`));
  expect(received.map((r) => r.path)).toEqual([`/hooks/${tenantId}/1`]);
  expect((await db().delivery.findUniqueOrThrow({ where: { id: sent.id } })).attemptCount).toBe(1);
  expect(await db().delivery.findUniqueOrThrow({ where: { id: busy.id } })).toMatchObject({ attemptCount: 0, jobToken: putBack.jobToken });

  // Its own job then delivers it, once.
  await runJob(own[0]!.jobId);
  expect(receiver.requests.filter((r) => r.path.startsWith(`/hooks/${tenantId}/`)).map((r) => r.path).sort()).toEqual([`/hooks/${tenantId}/0`, `/hooks/${tenantId}/1`]);
});

it('makes at most WORKER_CONCURRENCY attempts at once, however many deliveries its jobs carry', async () => {
  // Two tenants, one event each, to six endpoints each: no endpoint gets two at once.
  const tenants = [await tenantWith(6), await tenantWith(6)];
  let inFlight = 0;
  let most = 0;
  receiver.script(async () => {
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, 100));
    inFlight--;
    return { status: 200, body: 'ok' };
  });
  try {
    const events = await Promise.all(tenants.map(({ tenantId }) => fanOutEvent({ tenantId, type: 'a.b', data: {}, idempotencyKey: null, requestHash: null })));
    const jobs = [...new Set((await queuedJobs(events.flatMap((e) => e.deliveries.map((d) => d.id)))).map((j) => j.jobId))];
    expect(jobs).toHaveLength(2);
    // Both jobs at once, as two of the worker's job slots would run them: 12 deliveries, 2 attempts at a time.
    await Promise.all(jobs.map((jobId) => runJob(jobId)));
  } finally {
    receiver.script(() => ({ status: 200, body: 'ok' }));
  }
  for (const { tenantId } of tenants) expect(receiver.requests.filter((r) => r.path.startsWith(`/hooks/${tenantId}/`))).toHaveLength(6);
  expect(most).toBe(2);
});

it('puts a delivery that waits for room back in the queue, due now, when the worker stops', async () => {
  const { tenantId } = await tenantWith(1);
  const event = await fanOutEvent({ tenantId, type: 'a.b', data: { n: 5 }, idempotencyKey: null, requestHash: null });
  const [queued] = await queuedJobs(event.deliveries.map((d) => d.id));
  // Every permit is taken: the delivery waits for one.
  const held = [await workerPermits().take('first'), await workerPermits().take('first')];
  const stop = new AbortController();
  const before = Date.now();
  const waiting = { deliveryId: queued!.delivery, token: queued!.token, trigger: 'automatic' as const, lane: 'first' as const };
  const attempt = attemptDelivery(waiting, attemptContext(waiting), stop.signal);
  await waitFor(() => workerPermits().inUse.waiting === 1, { what: 'the delivery waiting for a permit' });
  stop.abort();
  try {
    expect((await attempt).result).toBe('worker_stopping');
  } finally {
    for (const permit of held) permit.release();
  }
  // Nothing sent; its own job, first-attempt priority, due now, under the token the delivery now carries.
  expect(receiver.requests.filter((r) => r.path.startsWith(`/hooks/${tenantId}/`))).toEqual([]);
  const row = await db().delivery.findUniqueOrThrow({ where: { id: queued!.delivery } });
  const own = (await queuedJobs([row.id])).filter((j) => j.key !== null);
  expect(own).toHaveLength(1);
  expect(own[0]).toMatchObject({ token: row.jobToken, priority: 0 });
  expect(own[0]!.runAt.getTime()).toBeLessThanOrEqual(Date.now());
  expect(own[0]!.runAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
  expect(workerPermits().inUse).toMatchObject({ total: 0, waiting: 0 });
});
