// Jobs due far ahead wait in parked_jobs, not in graphile-worker's queue, and the worker
// moves them there shortly before they are due (lib/queue/parked-jobs.ts): a retry the
// endpoint asked for a minute later is parked, then delivered once due; a key queued again
// replaces its job in either store; a parked job no longer its delivery's is dropped, not
// queued; an open circuit's held deliveries (held at ingest: parked) are queued at once when it closes; the
// operations page counts them as scheduled, and one past its time (no worker moving it) as
// ready and in the queue-lag gauge; a promoter round with nothing to move sends no NOTIFY;
// a delivery deleted with its endpoint takes its
// parked job with it.
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { queueStats } from '@/lib/operations/queue-stats';
import { databaseGauges, resetDatabaseGaugesForTests } from '@/lib/observability/database-gauges';
import { wakeHeldDeliveries } from '@/lib/delivery/circuit-breaker';
import { enqueueDeliveries } from '@/lib/queue/enqueue-deliveries';
import { newJobToken, WAITING_PRIORITY } from '@/lib/queue/deliver-job';
import { PARK_AFTER_MS, promoteParkedJobs } from '@/lib/queue/parked-jobs';
import { deliveryOf, workerSuite } from '../support/deliveries.ts';
import { queuedJobs } from '../support/queued-jobs.ts';
import { waitFor } from '../support/wait-for.ts';

const suite = workerSuite();

/** A delivery of a fresh event to a new endpoint of a new tenant, its first job already run (no job left). */
async function idleDelivery(url = 'http://127.0.0.1:9/unused') {
  const tenant = await suite.harness.newTenant();
  const endpoint = await tenant.api('POST', '/api/v1/endpoints', { body: { url } });
  // Not yet a job: the delivery is made directly, as retry and recover find it (failed).
  const event = await db().event.create({ data: { id: `msg_${newJobToken().slice(0, 20)}`, tenantId: tenant.id, type: 'a.b', body: '{"type":"a.b","data":{}}' } });
  const delivery = await db().delivery.create({ data: { id: `dlv_${newJobToken().slice(0, 20)}`, tenantId: tenant.id, eventId: event.id, endpointId: endpoint.body.id, status: 'failed' } });
  return { tenant, endpointId: endpoint.body.id as string, delivery };
}

/** Gives the delivery a job under a new token, due at `runAt`, as a retry is scheduled. */
async function schedule(deliveryId: string, runAt: Date, options: { priority?: number } = {}) {
  const token = newJobToken();
  await db().$transaction(async (tx) => {
    await tx.delivery.update({ where: { id: deliveryId }, data: { status: 'retrying', jobToken: token, nextAttemptAt: runAt } });
    await enqueueDeliveries(tx, [{ deliveryId, token, trigger: 'automatic', lane: 'retry', runAt, priority: options.priority }]);
  });
  return token;
}

const parkedRow = (deliveryId: string) => db().parkedJob.findUnique({ where: { key: `delivery:${deliveryId}` } });

describe('a job due far ahead', () => {
  it('is parked, not queued; promoted, it is queued with its own time, task, priority and token', async () => {
    const { delivery } = await idleDelivery();
    const runAt = new Date(Date.now() + PARK_AFTER_MS + 60_000);
    const token = await schedule(delivery.id, runAt);
    expect(await queuedJobs([delivery.id])).toEqual([expect.objectContaining({ parked: true, key: `delivery:${delivery.id}`, token, task: 'deliver_retry', priority: 1 })]);
    expect((await parkedRow(delivery.id))!.runAt.getTime()).toBe(runAt.getTime());

    // Not yet within the promoter's reach: stays parked.
    expect(await promoteParkedJobs()).toMatchObject({ queued: 0 });
    expect(await parkedRow(delivery.id)).not.toBeNull();

    // As if it were about due: in graphile-worker's queue, as it would have been queued.
    expect(await promoteParkedJobs(PARK_AFTER_MS + 120_000)).toMatchObject({ taken: 1, queued: 1 });
    expect(await parkedRow(delivery.id)).toBeNull();
    const [job] = await queuedJobs([delivery.id]);
    expect(job).toMatchObject({ parked: false, key: `delivery:${delivery.id}`, token, task: 'deliver_retry', priority: 1, trigger: 'automatic' });
    expect(job!.runAt.getTime()).toBe(runAt.getTime());
  });

  it('one due sooner goes to graphile-worker\'s queue as before', async () => {
    const { delivery } = await idleDelivery();
    const runAt = new Date(Date.now() + PARK_AFTER_MS / 2);
    await schedule(delivery.id, runAt);
    expect(await queuedJobs([delivery.id])).toEqual([expect.objectContaining({ parked: false, key: `delivery:${delivery.id}` })]);
    expect(await parkedRow(delivery.id)).toBeNull();
  });

  it('queued again under its key replaces the parked job; parked again, it replaces the queued one', async () => {
    const { tenant, delivery } = await idleDelivery();
    await schedule(delivery.id, new Date(Date.now() + 10 * PARK_AFTER_MS));
    // A manual retry: due now, in the queue; nothing left parked.
    const retried = await tenant.api('POST', `/api/v1/deliveries/${delivery.id}/retry`);
    expect(retried.status).toBe(202);
    const current = (await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).jobToken;
    // The worker may already be making the attempt (to a closed port): the job is the retry's.
    const afterRetry = await queuedJobs([delivery.id]);
    expect(afterRetry.filter((j) => j.parked)).toEqual([]);
    for (const job of afterRetry) expect(job).toMatchObject({ token: current, trigger: 'manual' });

    // And the other way: a waiting job in the queue gives way to a parked one under its key.
    const other = await idleDelivery();
    await schedule(other.delivery.id, new Date(Date.now() + 5_000));
    expect(await queuedJobs([other.delivery.id])).toEqual([expect.objectContaining({ parked: false })]);
    const later = await schedule(other.delivery.id, new Date(Date.now() + 10 * PARK_AFTER_MS), { priority: WAITING_PRIORITY });
    expect(await queuedJobs([other.delivery.id])).toEqual([expect.objectContaining({ parked: true, token: later, priority: WAITING_PRIORITY })]);
  });

  it('given twice in one call, or by two calls, keeps the later, in whichever store it goes to', async () => {
    const { delivery } = await idleDelivery();
    const runAt = new Date(Date.now() + 10 * PARK_AFTER_MS);
    const job = { deliveryId: delivery.id, trigger: 'automatic' as const, lane: 'retry' as const, runAt };
    await db().$transaction((tx) => enqueueDeliveries(tx, [{ ...job, token: 'first' }, { ...job, token: 'second' }]));
    expect((await queuedJobs([delivery.id])).map((j) => [j.parked, j.token])).toEqual([[true, 'second']]);
    await db().$transaction((tx) => enqueueDeliveries(tx, [{ ...job, token: 'third' }]));
    expect((await queuedJobs([delivery.id])).map((j) => [j.parked, j.token])).toEqual([[true, 'third']]);
    // The two of one call bound for different stores: the later only, wherever it goes.
    const soon = new Date(Date.now() + PARK_AFTER_MS / 2);
    await db().$transaction((tx) => enqueueDeliveries(tx, [{ ...job, token: 'fourth' }, { ...job, token: 'fifth', runAt: soon }]));
    expect((await queuedJobs([delivery.id])).map((j) => [j.parked, j.token])).toEqual([[false, 'fifth']]);
    await db().$transaction((tx) => enqueueDeliveries(tx, [{ ...job, token: 'sixth', runAt: soon }, { ...job, token: 'seventh' }]));
    expect((await queuedJobs([delivery.id])).map((j) => [j.parked, j.token])).toEqual([[true, 'seventh']]);
    // Not the delivery's token (it has none): gone, so the tests after count only their own.
    await db().parkedJob.delete({ where: { key: `delivery:${delivery.id}` } });
  });

  it('is dropped, not queued, once it is no longer its delivery\'s job', async () => {
    const { delivery } = await idleDelivery();
    await schedule(delivery.id, new Date(Date.now() + 10 * PARK_AFTER_MS));
    // Succeeded meanwhile (say, through a job it no longer needs): no token.
    await db().delivery.update({ where: { id: delivery.id }, data: { status: 'succeeded', jobToken: null } });
    // (Others parked by the tests before are promoted too: they are still their deliveries'.)
    const { taken, queued } = await promoteParkedJobs(20 * PARK_AFTER_MS);
    expect(taken - queued).toBe(1);
    expect(await parkedRow(delivery.id)).toBeNull();
    expect(await queuedJobs([delivery.id])).toEqual([]);
  });

  it('is queued at once when its endpoint\'s circuit closes', async () => {
    const { endpointId, delivery } = await idleDelivery();
    const token = await schedule(delivery.id, new Date(Date.now() + 10 * PARK_AFTER_MS), { priority: WAITING_PRIORITY });
    expect(await wakeHeldDeliveries(endpointId)).toBe(1);
    expect(await parkedRow(delivery.id)).toBeNull();
    // The worker may take it at once; until then it is due now, at the retry priority.
    const jobs = await queuedJobs([delivery.id]);
    for (const job of jobs) {
      expect(job).toMatchObject({ parked: false, token, priority: 1 });
      expect(job.runAt.getTime()).toBeLessThanOrEqual(Date.now());
    }
    expect((await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('held at ingest by an open circuit that closes a minute later, is parked until then', async () => {
    const tenant = await suite.harness.newTenant();
    const endpoint = await tenant.api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/held' } });
    const retryAt = new Date(Date.now() + 60_000);
    await db().endpoint.update({ where: { id: endpoint.body.id }, data: { circuitState: 'open', circuitRetryAt: retryAt, circuitOpenedAt: new Date() } });
    const event = await tenant.api('POST', '/api/v1/events', { body: { type: 'a.b', data: {} } });
    expect(event.status).toBe(202);
    const delivery = await deliveryOf(event.body.id);
    const [job] = await queuedJobs([delivery.id]);
    expect(job).toMatchObject({ parked: true, token: delivery.jobToken, priority: WAITING_PRIORITY, task: 'deliver' });
    // Due when the circuit may close, spread over a second.
    expect(job!.runAt.getTime() - retryAt.getTime()).toBeGreaterThanOrEqual(0);
    expect(job!.runAt.getTime() - retryAt.getTime()).toBeLessThan(1_000);
  });

  it('goes with its delivery when the endpoint is deleted', async () => {
    const { tenant, endpointId, delivery } = await idleDelivery();
    await schedule(delivery.id, new Date(Date.now() + 10 * PARK_AFTER_MS));
    expect((await tenant.api('DELETE', `/api/v1/endpoints/${endpointId}`)).status).toBe(204);
    expect(await parkedRow(delivery.id)).toBeNull();
  });
});

describe('the worker', () => {
  it('parks the retry an endpoint asked for a minute later, and delivers it once due', async () => {
    const rx = await suite.receivers.start((_request, index) => (index === 0 ? { status: 503, headers: { 'retry-after': '60' }, body: 'later' } : { status: 200, body: 'ok' }));
    const tenant = await suite.harness.newTenant();
    await tenant.api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const event = await tenant.api('POST', '/api/v1/events', { body: { type: 'a.b', data: { n: 1 } } });
    const eventId = event.body.id as string;
    const parked = await waitFor(async () => {
      const d = await deliveryOf(eventId);
      return d.status === 'retrying' ? parkedRow(d.id) : null;
    }, { what: 'the retry to be parked' });
    const delivery = await deliveryOf(eventId);
    expect(parked.runAt.getTime()).toBe(delivery.nextAttemptAt!.getTime());
    expect(parked.runAt.getTime() - delivery.attempts[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(60_000);
    expect((await queuedJobs([delivery.id])).map((j) => j.parked)).toEqual([true]);

    // A minute on: due now. The worker's promoter (every second) queues it, and it is sent.
    await db().$executeRaw`update parked_jobs set run_at = now(), spec = jsonb_set(spec, '{run_at}', to_jsonb(now())) where key = ${parked.key}`;
    await waitFor(() => rx.requests.length === 2, { what: 'the retry to arrive' });
    expect(rx.requests[1]!.headers['webhook-id']).toBe(eventId);
    await waitFor(async () => (await deliveryOf(eventId)).status === 'succeeded', { what: 'the retry recorded' });
  });
});

describe('with no worker running', () => {
  beforeAll(() => suite.worker.stop());

  it('counts as scheduled on the operations page', async () => {
    // No worker, and nothing left queued by the tests before (their retries come due as
    // time passes): the one parked job is all there is.
    await db().$executeRaw`delete from graphile_worker._private_jobs`;
    await db().$executeRaw`delete from parked_jobs`;
    const { delivery } = await idleDelivery();
    await schedule(delivery.id, new Date(Date.now() + 10 * PARK_AFTER_MS));
    expect(await queueStats()).toMatchObject({ ready: 0, scheduled: 1, locked: 0 });
  });

  it('a parked job past its time counts as ready and in the queue\'s lag', async () => {
    const { delivery } = await idleDelivery();
    await schedule(delivery.id, new Date(Date.now() + 10 * PARK_AFTER_MS));
    await db().$executeRaw`update parked_jobs set run_at = now() - interval '90 seconds' where key = ${`delivery:${delivery.id}`}`;
    resetDatabaseGaugesForTests();
    expect(await databaseGauges()).toMatchObject({ readyJobs: 1, oldestReadyAgeSeconds: expect.any(Number) });
    expect((await databaseGauges())!.oldestReadyAgeSeconds).toBeGreaterThanOrEqual(90);
    // The one before it still later; this one ready, 90 s late.
    const stats = await queueStats();
    expect(stats).toMatchObject({ ready: 1, scheduled: 1 });
    expect(stats.oldestReadyAgeMs).toBeGreaterThanOrEqual(90_000);
    // Nothing else moves it: still parked.
    expect(await parkedRow(delivery.id)).not.toBeNull();
  });

  it('a promoter round with nothing to move sends no NOTIFY; one that moves a job does', async () => {
    const listener = new pg.Client({ connectionString: suite.harness.env.DATABASE_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    try {
      await listener.query('listen "jobs:insert"');
      await db().$executeRaw`delete from parked_jobs`;
      expect(await promoteParkedJobs()).toEqual({ taken: 0, queued: 0 });
      // A round trip on the listener's own connection: any notification sent before it has arrived.
      await listener.query('select 1');
      expect(heard).toEqual([]);
      const { delivery } = await idleDelivery();
      await schedule(delivery.id, new Date(Date.now() + PARK_AFTER_MS + 1_000));
      expect(await promoteParkedJobs(PARK_AFTER_MS + 5_000)).toEqual({ taken: 1, queued: 1 });
      await waitFor(() => heard.length > 0, { what: 'the NOTIFY of the job moved' });
      expect(heard[0]).toBe('jobs:insert');
    } finally {
      await listener.end();
    }
  });
});
