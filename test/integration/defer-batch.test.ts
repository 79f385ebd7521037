// Jobs put back together are put back by one statement (lib/queue/defer-delivery-job.ts),
// each only while its token is still the delivery's: the job comes back at its time, at
// the waiting priority (or its lane's, when asked), as a job of its own under a new token;
// a job replaced meanwhile is left alone. A job that finds a fast endpoint at its cap waits
// for a slot (it goes back soon and at its lane's priority only if the wait is cut short);
// one that finds a slow endpoint at its cap goes back later and behind fresh work.
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { fanOutEvent } from '@/lib/events/fan-out-event';
import { attemptDelivery } from '@/lib/delivery/attempt-delivery';
import { workerPermits } from '@/lib/delivery/attempt-permits';
import { FAST_ATTEMPT_MS, noteAttempt, tryTakeSlot, waitForSlot } from '@/lib/delivery/endpoint-slots';
import { attemptContext } from '../support/attempt-context.ts';
import { WAITING_PRIORITY } from '@/lib/queue/deliver-job';
import { deferDeliveryJob } from '@/lib/queue/defer-delivery-job';
import { firstJob } from '../support/first-job.ts';
import { queuedJobs } from '../support/queued-jobs.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let receiver: Receiver;

beforeAll(async () => {
  // One attempt per endpoint at a time, so one held slot and one waiting job fill it.
  harness = await startHarness({ ENDPOINT_CONCURRENCY: '1', ENDPOINT_BUSY_DELAY: '1s' });
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await harness?.close();
});

/** The deliveries' own jobs (keyed), as put back; ingest's fan-out jobs have no key. */
const jobsOf = async (ids: string[]) => (await queuedJobs(ids)).filter((job) => job.key !== null);

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

  const jobs = await queuedJobs(ids);
  for (const id of ids.slice(0, 2)) {
    // A job of its own, due at runAt, waiting priority, under a new token that the
    // delivery now carries; the fan-out job it came from holds the old one, so it no
    // longer attempts the delivery if it runs again.
    const row = await db().delivery.findUniqueOrThrow({ where: { id } });
    expect(row.jobToken).not.toBe(token.get(id));
    const mine = jobs.filter((j) => j.delivery === id);
    expect(mine.map((j) => [j.key, j.token])).toEqual([
      [null, token.get(id)],
      [`delivery:${id}`, row.jobToken],
    ]);
    expect(mine[1]).toMatchObject({ trigger: 'automatic', priority: WAITING_PRIORITY });
    expect(mine[1]!.runAt.getTime()).toBe(runAt.getTime());
    expect(row.nextAttemptAt?.getTime()).toBe(runAt.getTime());
  }
  // The stale one is left in its fan-out job as ingest queued it: due now, first-attempt priority.
  const untouched = jobs.filter((j) => j.delivery === ids[2]);
  expect(untouched).toHaveLength(1);
  expect(untouched[0]).toMatchObject({ key: null, fanOut: 1, priority: 0, token: rows.find((r) => r.id === ids[2])!.jobToken });
  expect(untouched[0]!.runAt.getTime()).toBeLessThan(runAt.getTime() - 30_000);
});

it('gathers jobs put back for half a second or more, made in different turns, into one statement; one due sooner goes at the end of its turn', async () => {
  const t = await harness.newTenant();
  await createEndpoint(t.id, { url: 'http://127.0.0.1:9/slow' });
  const events = await Promise.all([1, 2, 3, 4].map((n) => fanOutEvent({ tenantId: t.id, type: 'a.b', data: { n }, idempotencyKey: null, requestHash: null })));
  const ids = events.map((e) => e.deliveries[0]!.id);
  const rows = await db().delivery.findMany({ where: { id: { in: ids } }, select: { id: true, jobToken: true } });
  const token = new Map(rows.map((r) => [r.id, r.jobToken!]));
  const put = (id: string, inMs: number) => deferDeliveryJob({ deliveryId: id, token: token.get(id)!, trigger: 'automatic', lane: 'first' }, new Date(Date.now() + inMs));
  // The next turn of the event loop: well inside the 20 ms window.
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const queries = vi.spyOn(pg.Pool.prototype, 'query');
  const deferStatements = () => queries.mock.calls.filter(([config]) => (config as { name?: string }).name === 'hookline_defer_jobs').length;

  // Due in a minute, made in two turns: one statement for both (parked: no NOTIFY at all).
  const later = [put(ids[0]!, 60_000)];
  await turn();
  later.push(put(ids[1]!, 60_000));
  expect(await Promise.all(later)).toEqual(['deferred', 'deferred']);
  expect(deferStatements()).toBe(1);

  // Due in 100 ms, made in two turns: each at the end of its own turn, as before.
  const soon = [put(ids[2]!, 100)];
  await turn();
  soon.push(put(ids[3]!, 100));
  expect(await Promise.all(soon)).toEqual(['deferred', 'deferred']);
  expect(deferStatements()).toBe(3);
  queries.mockRestore();
  expect((await jobsOf(ids)).map((job) => job.delivery).sort()).toEqual([...ids].sort());
});

it('puts a job back at its lane\'s priority when asked', async () => {
  const t = await harness.newTenant();
  await createEndpoint(t.id, { url: 'http://127.0.0.1:9/lanes' });
  const events = await Promise.all([1, 2].map((n) => fanOutEvent({ tenantId: t.id, type: 'a.b', data: { n }, idempotencyKey: null, requestHash: null })));
  const ids = events.map((e) => e.deliveries[0]!.id);
  const rows = await db().delivery.findMany({ where: { id: { in: ids } }, select: { id: true, jobToken: true } });
  const token = new Map(rows.map((r) => [r.id, r.jobToken!]));
  const runAt = new Date(Date.now() + 60_000);
  expect(
    await Promise.all([
      deferDeliveryJob({ deliveryId: ids[0]!, token: token.get(ids[0]!)!, trigger: 'automatic', lane: 'first' }, runAt, { atLanePriority: true }),
      deferDeliveryJob({ deliveryId: ids[1]!, token: token.get(ids[1]!)!, trigger: 'automatic', lane: 'retry' }, runAt, { atLanePriority: true }),
    ]),
  ).toEqual(['deferred', 'deferred']);
  // Due in a minute, both are parked (lib/queue/parked-jobs.ts), listed in id order: the
  // events were made concurrently, so either may have the smaller id.
  const jobs = await jobsOf(ids);
  expect(jobs).toHaveLength(2);
  const priority = new Map(jobs.map((j) => [j.delivery, j.priority]));
  expect([priority.get(ids[0]!), priority.get(ids[1]!)]).toEqual([0, 1]);
});

/** The job the queue holds for this delivery now. */
const queuedJob = async (deliveryId: string) => {
  const [job] = await jobsOf([deliveryId]);
  return job!;
};

it('a job that finds a fast endpoint at its cap waits for its slot, or goes back soon at its lane\'s priority; a slow endpoint\'s waits behind fresh work', async () => {
  const fastJob = await firstJob(harness, `${receiver.url}/fast`);
  const { endpointId: fast } = await db().delivery.findUniqueOrThrow({ where: { id: fastJob.deliveryId } });
  // Its attempts end quickly; its one slot is taken by one that just started, and one job
  // waits for it already: as many waiting as in flight.
  noteAttempt(fast, 5, true);
  const held = tryTakeSlot(fast, 1)!;
  const waiting = waitForSlot(fast, 10_000);
  // It waits too, holding one of the worker's permits (they bound these waits), and is sent.
  const attempt = attemptDelivery(fastJob, attemptContext(fastJob));
  await waitFor(() => workerPermits().inUse.total === 1, { what: 'the job waiting for the slot with a permit' });
  held.release();
  (await waiting)!.release();
  expect((await attempt).result).toBe('recorded');
  expect(receiver.requests.map((r) => r.path)).toEqual(['/hooks/fast']);
  expect(await jobsOf([fastJob.deliveryId])).toEqual([]);

  // The worker stops while another waits: it goes back at its lane's priority, due soon.
  const nextJob = await firstJob(harness, `${receiver.url}/fast-next`);
  const { endpointId: fastNext } = await db().delivery.findUniqueOrThrow({ where: { id: nextJob.deliveryId } });
  noteAttempt(fastNext, 5, true);
  const heldNext = tryTakeSlot(fastNext, 1)!;
  const stop = new AbortController();
  const before = Date.now();
  const stopped = attemptDelivery(nextJob, attemptContext(nextJob), stop.signal);
  await waitFor(() => workerPermits().inUse.total === 1, { what: 'the job waiting for the slot with a permit' });
  stop.abort();
  expect((await stopped).result).toBe('endpoint_busy');
  const fastRow = await queuedJob(nextJob.deliveryId);
  expect(fastRow.priority).toBe(0);
  expect(fastRow.runAt.getTime() - before).toBeLessThan(500);
  expect(workerPermits().inUse.total).toBe(0);
  heldNext.release();

  const slowJob = await firstJob(harness, `${receiver.url}/slow`);
  const { endpointId: slow } = await db().delivery.findUniqueOrThrow({ where: { id: slowJob.deliveryId } });
  // Its attempt in flight has run longer than a fast endpoint's would.
  const slowHeld = tryTakeSlot(slow, 1)!;
  await new Promise((resolve) => setTimeout(resolve, FAST_ATTEMPT_MS + 50));
  const slowBefore = Date.now();
  expect((await attemptDelivery(slowJob, attemptContext(slowJob))).result).toBe('endpoint_busy');
  const slowRow = await queuedJob(slowJob.deliveryId);
  expect(slowRow.priority).toBe(WAITING_PRIORITY);
  // ENDPOINT_BUSY_DELAY (1 s) × 0.5–1.5 at least.
  expect(slowRow.runAt.getTime() - slowBefore).toBeGreaterThanOrEqual(499);
  slowHeld.release();
  // Nothing more was sent: both went back to the queue.
  expect(receiver.requests).toHaveLength(1);
});
