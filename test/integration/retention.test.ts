// Retention against a real database: events and attempts seeded 35–40 days old and 1–4
// days old (ids minted at those times, as Hookline mints them), a purge with 30 days and a
// batch of 3 so it takes several batches, and then exactly the old payloads and response
// bodies are gone and stamped, the new ones untouched, an old event still being
// delivered keeps its payload, a row locked by someone else is stepped over rather than
// waited for, and a second run (the CLI's) purges nothing. The API and the dashboard say
// what was removed, a retry of a purged delivery is a 409, and a job that finds its
// payload purged ends the delivery without sending.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { getDeliveryDetail } from '@/lib/dashboard/delivery-detail';
import { db } from '@/lib/db';
import { ZEnv } from '@/lib/env';
import { idLowerBound } from '@/lib/dashboard/id-bounds';
import { newId } from '@/lib/ids';
import { listRetentionRuns } from '@/lib/retention/list-retention-runs';
import { purgeRetention } from '@/lib/retention/purge-retention';
import { retryDelivery } from '@/lib/deliveries/retry-delivery';
import { recoverEndpoint } from '@/lib/endpoints/recover-endpoint';
import { newJobToken } from '@/lib/queue/deliver-job';
import { enqueueDeliveries } from '@/lib/queue/enqueue-deliveries';
import { deliveryOf, workerSuite } from '../support/deliveries.ts';
import { runCli } from '../support/processes.ts';
import { waitFor } from '../support/wait-for.ts';

const DAY = 86_400_000;
const PERIOD = 30 * DAY;
// The worker's cron is set off the tests' time (TEST_ENV.RETENTION_SCHEDULE): its own run
// would race the runs these tests make and count. The last test runs the task by hand.
const suite = workerSuite({ RETENTION_PERIOD: '30d', RETENTION_BATCH_SIZE: '3' });

type Seeded = { eventId: string; deliveryId: string; attemptIds: string[]; body: string };

/** An event of `ageMs`, one delivery in `status`, and `attempts` attempts with response bodies (the last without one). */
async function seed(tenantId: string, endpointId: string, ageMs: number, options: { status?: 'succeeded' | 'failed' | 'retrying'; jobToken?: string | null; attempts?: number } = {}): Promise<Seeded> {
  const { status = 'succeeded', jobToken = null, attempts = 2 } = options;
  const at = new Date(Date.now() - ageMs);
  const eventId = newId('event', at.getTime());
  const deliveryId = newId('delivery', at.getTime());
  const body = JSON.stringify({ type: 'order.created', timestamp: at.toISOString(), data: { secretish: `customer-${eventId}` } });
  await db().event.create({ data: { id: eventId, tenantId, type: 'order.created', body, createdAt: at } });
  await db().delivery.create({ data: { id: deliveryId, tenantId, eventId, endpointId, status, attemptCount: attempts, jobToken, createdAt: at, updatedAt: at } });
  const attemptIds: string[] = [];
  for (let n = 1; n <= attempts; n++) {
    const started = new Date(at.getTime() + n * 1000);
    const id = newId('attempt', started.getTime());
    attemptIds.push(id);
    await db().attempt.create({
      data: { id, deliveryId, number: n, trigger: 'automatic', startedAt: started, durationMs: 12, succeeded: n === attempts, statusCode: 200, requestHeaders: { 'webhook-id': eventId }, responseHeaders: { 'content-type': 'text/plain' }, responseBody: n === attempts ? null : `answer ${n}` },
    });
  }
  return { eventId, deliveryId, attemptIds, body };
}

const eventRow = (id: string) => db().event.findUniqueOrThrow({ where: { id }, select: { body: true, payloadPurgedAt: true } });
const attemptRows = (ids: string[]) => db().attempt.findMany({ where: { id: { in: ids } }, orderBy: { number: 'asc' }, select: { responseBody: true, bodyPurgedAt: true, responseHeaders: true } });

let tenant: Awaited<ReturnType<typeof suite.harness.newTenant>>;
let endpointId = '';
const old: Seeded[] = [];
const fresh: Seeded[] = [];
let stillRetrying: Seeded;
let retryQueued: Seeded;
let oldFailed: Seeded;
let firstRun: Awaited<ReturnType<typeof purgeRetention>>;

describe('a retention run', () => {
  it('removes exactly the old payloads and response bodies, in several batches, and stamps them', async () => {
    tenant = await suite.harness.newTenant('Retained');
    const rx = await suite.receivers.start();
    endpointId = (await tenant.api('POST', '/api/v1/endpoints', { body: { url: rx.url } })).body.id;
    for (let i = 0; i < 7; i++) old.push(await seed(tenant.id, endpointId, 40 * DAY + i * 60_000));
    oldFailed = await seed(tenant.id, endpointId, 35 * DAY, { status: 'failed' });
    old.push(oldFailed);
    for (let i = 1; i <= 4; i++) fresh.push(await seed(tenant.id, endpointId, i * DAY));
    // Old, but a delivery is still to be made: retrying, or failed with a manual retry queued.
    stillRetrying = await seed(tenant.id, endpointId, 40 * DAY, { status: 'retrying', jobToken: 'tok-retrying' });
    retryQueued = await seed(tenant.id, endpointId, 40 * DAY, { status: 'failed', jobToken: 'tok-manual' });

    firstRun = await purgeRetention({ periodMs: PERIOD, batchSize: 3 });
    expect(firstRun).toMatchObject({ eventsPurged: 8, attemptsPurged: 10 });
    // 8 events in batches of 3 (3, 3, 2) and 10 bodies (3, 3, 3, 1), besides the retained ones.
    expect(firstRun.batches).toBe(7);
    expect(new Date(firstRun.cutoff).getTime()).toBeLessThanOrEqual(Date.now() - PERIOD);

    for (const s of old) {
      const event = await eventRow(s.eventId);
      expect(event.body).toBe('');
      expect(event.payloadPurgedAt).toBeInstanceOf(Date);
      const [withBody, withoutBody] = await attemptRows(s.attemptIds);
      expect(withBody).toMatchObject({ responseBody: null, bodyPurgedAt: expect.any(Date), responseHeaders: { 'content-type': 'text/plain' } });
      // Nothing to remove, nothing stamped: the page says "Empty body", not "removed".
      expect(withoutBody).toMatchObject({ responseBody: null, bodyPurgedAt: null });
    }
    for (const s of [...fresh, stillRetrying, retryQueued]) {
      expect(await eventRow(s.eventId)).toEqual({ body: s.body, payloadPurgedAt: null });
    }
    for (const s of fresh) expect((await attemptRows(s.attemptIds))[0]).toMatchObject({ responseBody: 'answer 1', bodyPurgedAt: null });
    // An attempt's body is not needed to deliver: the still-retrying event's old ones go too.
    expect((await attemptRows(stillRetrying.attemptIds))[0]).toMatchObject({ responseBody: null, bodyPurgedAt: expect.any(Date) });
  });

  it('is recorded with its cutoff and counts, for the operator page, and where the next run starts', async () => {
    const { periodMs, runs } = await listRetentionRuns();
    expect(periodMs).toBe(PERIOD);
    expect(runs[0]).toEqual({ id: firstRun.id, startedAt: expect.any(String), finishedAt: expect.any(String), cutoff: firstRun.cutoff, eventsPurged: 8, attemptsPurged: 10 });
    // Events: at the oldest one kept (still being delivered); attempts: at the cutoff.
    const row = await db().retentionRun.findUniqueOrThrow({ where: { id: firstRun.id } });
    const oldestKept = [stillRetrying.eventId, retryQueued.eventId].sort()[0]!;
    expect(row.eventsResumeAfter).toBe(oldestKept.slice(0, 'msg_'.length + 10));
    expect(row.attemptsResumeAfter).toBe(idLowerBound('attempt', new Date(firstRun.cutoff)));
  });

  it('steps over a row another transaction holds, without waiting, and takes it next time', async () => {
    // Runs 5 days on, so a row 27 days old is due (rows dated before the last run's cutoff
    // but written after it are not looked at again: Hookline never writes such rows).
    const later = new Date(Date.now() + 5 * DAY);
    const locked = await seed(tenant.id, endpointId, 27 * DAY);
    const other = new pg.Client({ connectionString: suite.harness.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select 1 from events where id = $1 for share', [locked.eventId]);
      await other.query('select 1 from attempts where id = $1 for share', [locked.attemptIds[0]]);
      // Would hang until the statement timeout if the purge waited for the lock.
      const run = await purgeRetention({ periodMs: PERIOD, batchSize: 3, now: later });
      expect(run).toMatchObject({ eventsPurged: 0, attemptsPurged: 0 });
      expect(await eventRow(locked.eventId)).toEqual({ body: locked.body, payloadPurgedAt: null });
    } finally {
      await other.query('rollback');
      await other.end();
    }
    expect(await purgeRetention({ periodMs: PERIOD, batchSize: 3, now: later })).toMatchObject({ eventsPurged: 1, attemptsPurged: 1 });
    expect((await eventRow(locked.eventId)).payloadPurgedAt).toBeInstanceOf(Date);
  });

  it('purges nothing the second time (hookline purge), and records that run too', async () => {
    const before = await db().retentionRun.count();
    const cli = await runCli(['purge', '--json'], suite.harness.env);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const { run } = JSON.parse(cli.stdout);
    expect(run).toMatchObject({ eventsPurged: 0, attemptsPurged: 0 });
    expect(await db().retentionRun.count()).toBe(before + 1);
    expect(await db().retentionRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ eventsPurged: 0, attemptsPurged: 0, finishedAt: expect.any(Date) });
    for (const s of fresh) expect((await eventRow(s.eventId)).payloadPurgedAt).toBeNull();
  });
});

describe('the worker', () => {
  it('schedules purge_retention on its cron, and the task runs a recorded run', async () => {
    const crontabs = await db().$queryRaw<{ identifier: string }[]>`select identifier from graphile_worker._private_known_crontabs`;
    expect(crontabs.map((c) => c.identifier)).toContain('hookline_purge_retention');
    const before = (await db().retentionRun.aggregate({ _max: { id: true } }))._max.id ?? 0;
    await db().$executeRaw`select graphile_worker.add_job('purge_retention', '{}'::json, job_key := 'hookline:purge_retention')`;
    const run = await waitFor(() => db().retentionRun.findFirst({ where: { id: { gt: before }, finishedAt: { not: null } } }), { what: 'the task’s retention run' });
    expect(run.cutoff.getTime()).toBeLessThanOrEqual(Date.now() - PERIOD);
  });
});

describe('a purged event', () => {
  it('reads as data: null with dataPurgedAt from the API; a kept one as before', async () => {
    const purged = await tenant.api('GET', `/api/v1/events/${old[0]!.eventId}`);
    expect(purged.status).toBe(200);
    expect(purged.body).toMatchObject({ id: old[0]!.eventId, type: 'order.created', data: null, dataPurgedAt: expect.any(String) });
    const kept = await tenant.api('GET', `/api/v1/events/${fresh[0]!.eventId}`);
    expect(kept.body).toMatchObject({ data: JSON.parse(fresh[0]!.body).data, dataPurgedAt: null });

    const delivery = await tenant.api('GET', `/api/v1/deliveries/${old[0]!.deliveryId}`);
    expect(delivery.body.event).toMatchObject({ data: null, dataPurgedAt: purged.body.dataPurgedAt });
    expect(delivery.body.attempts[0]).toMatchObject({ responseBody: null, bodyPurgedAt: expect.any(String) });
    // The dashboard's delivery page: when, and the period, for its notice.
    const detail = await getDeliveryDetail(tenant.id, old[0]!.deliveryId);
    expect(detail.event).toMatchObject({ body: '', payloadPurgedAt: purged.body.dataPurgedAt });
    expect(detail.retentionPeriodMs).toBe(PERIOD);
  });

  it('cannot be retried: 409 payload_purged', async () => {
    const retry = await tenant.api('POST', `/api/v1/deliveries/${oldFailed.deliveryId}/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.error).toMatchObject({ code: 'payload_purged', message: expect.stringMatching(/removed by retention/) });
    expect((await db().delivery.findUniqueOrThrow({ where: { id: oldFailed.deliveryId } })).jobToken).toBeNull();
  });

  it('is not recovered: recover neither queues nor counts it, and takes the kept ones', async () => {
    const rx = await suite.receivers.start();
    await db().endpoint.update({ where: { id: endpointId }, data: { url: rx.url } });
    const keptFailed = await seed(tenant.id, endpointId, 2 * DAY, { status: 'failed' });
    const recovered = await tenant.api('POST', `/api/v1/endpoints/${endpointId}/recover`, { body: { since: new Date(Date.now() - 36 * DAY).toISOString() } });
    expect(recovered.body.recovered).toBe(1);
    expect((await db().delivery.findUniqueOrThrow({ where: { id: oldFailed.deliveryId } })).jobToken).toBeNull();
    await waitFor(() => rx.requests.length > 0, { what: 'the kept delivery to be sent again' });
    expect(rx.requests.map((r) => r.body)).toEqual([keptFailed.body]);
  });

  it('whose delivery is queued anyway ends failed without sending an empty body', async () => {
    // Retry, recover and the purge's locks leave no path to this; the worker checks all the same.
    const rx = await suite.receivers.start();
    await db().endpoint.update({ where: { id: endpointId }, data: { url: rx.url } });
    const token = newJobToken();
    await db().delivery.update({ where: { id: oldFailed.deliveryId }, data: { jobToken: token } });
    await enqueueDeliveries(db(), [{ deliveryId: oldFailed.deliveryId, token, trigger: 'manual' }]);
    // Still 'failed' while its job waits: done once the job has given its token back.
    const delivery = await waitFor(async () => {
      const d = await deliveryOf(oldFailed.eventId);
      return d.jobToken === null ? d : null;
    }, { what: 'the queued job to end' });
    expect(delivery).toMatchObject({ status: 'failed', lastError: 'payload removed by retention: nothing left to send', nextAttemptAt: null });
    expect(delivery.attempts).toHaveLength(2);
    expect(rx.requests).toEqual([]);
  });
});

describe('a retry or recover racing a purge', () => {
  /**
   * Runs a purge that pauses as it blanks `pauseAt` (a trigger waits on the test's
   * advisory lock): its rows are locked, not yet committed, and were they locked in the
   * statement that blanks them, the later ones would not be locked yet. `race` runs
   * meanwhile until it is done or waits for a lock; then the purge goes on.
   */
  async function duringPausedPurge(pauseAt: string, race: () => Promise<unknown>): Promise<unknown> {
    await db().$executeRawUnsafe(`create function pause_purge() returns trigger language plpgsql as $$
      begin perform pg_advisory_xact_lock_shared(4242); return new; end $$`);
    await db().$executeRawUnsafe(`create trigger pause_purge before update of body on events for each row when (old.id = '${pauseAt}') execute function pause_purge()`);
    const gate = new pg.Client({ connectionString: suite.harness.env.DATABASE_URL });
    await gate.connect();
    try {
      await gate.query('select pg_advisory_lock(4242)');
      const purge = purgeRetention({ periodMs: PERIOD, batchSize: 3 });
      await waitFor(async () => (await gate.query(`select 1 from pg_locks where locktype = 'advisory' and not granted`)).rowCount, { what: 'the purge to pause' });
      let outcome: unknown;
      const raced = race().then((value) => (outcome = value), (error: unknown) => (outcome = error));
      const waiting = () => gate.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%for share%'`);
      await waitFor(async () => outcome !== undefined || (await waiting()).rowCount, { what: 'the race to finish or wait' });
      await gate.query('select pg_advisory_unlock(4242)');
      await Promise.all([purge, raced]);
      return outcome;
    } finally {
      await gate.end();
      await db().$executeRawUnsafe('drop trigger pause_purge on events');
      await db().$executeRawUnsafe('drop function pause_purge()');
    }
  }

  async function seedPair(ageMs: number) {
    const rx = await suite.receivers.start();
    const ep = (await tenant.api('POST', '/api/v1/endpoints', { body: { url: rx.url } })).body.id;
    return { ep, first: await seed(tenant.id, ep, ageMs, { status: 'failed' }), second: await seed(tenant.id, ep, ageMs - 60_000, { status: 'failed' }) };
  }

  it('a retry waits for the batch holding its event and is refused, never accepted with the payload gone', async () => {
    const { first, second } = await seedPair(33 * DAY);
    const outcome = await duringPausedPurge(first.eventId, () => retryDelivery(tenant.id, second.deliveryId));
    // Before: the batch decided on a snapshot from before the retry, which committed its
    // job meanwhile; the payload went, and the accepted retry ended "payload removed by
    // retention". Now the batch holds `second` from before it decides: the retry waits,
    // then sees the purge (409) and queues nothing.
    expect(outcome).toMatchObject({ code: 'payload_purged' });
    expect((await eventRow(second.eventId)).payloadPurgedAt).toBeInstanceOf(Date);
    expect((await db().delivery.findUniqueOrThrow({ where: { id: second.deliveryId } })).jobToken).toBeNull();
  });

  it('a recover waits for the batch and leaves the events it purged out', async () => {
    const { ep, first, second } = await seedPair(32 * DAY);
    const since = new Date(Date.now() - 33 * DAY).toISOString();
    const outcome = await duringPausedPurge(first.eventId, () => recoverEndpoint(tenant.id, ep, { since }));
    expect(outcome).toMatchObject({ recovered: 0 });
    for (const s of [first, second]) {
      expect((await eventRow(s.eventId)).payloadPurgedAt).toBeInstanceOf(Date);
      expect((await db().delivery.findUniqueOrThrow({ where: { id: s.deliveryId } })).jobToken).toBeNull();
    }
  });
});

describe('RETENTION_PERIOD and RETENTION_SCHEDULE', () => {
  const parse = (value: string) => ZEnv.shape.RETENTION_PERIOD.safeParse(value);
  it('is a duration, 30 days by default; 0 or off turns retention off', () => {
    expect(ZEnv.shape.RETENTION_PERIOD.parse(undefined)).toBe(PERIOD);
    expect(parse('7d')).toMatchObject({ success: true, data: 7 * DAY });
    expect(parse('0')).toMatchObject({ success: true, data: null });
    expect(parse('off')).toMatchObject({ success: true, data: null });
    const bad = parse('a month');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/not a duration: "a month".*or 0\/off/);
  });

  const schedule = (value: string | undefined) => ZEnv.shape.RETENTION_SCHEDULE.safeParse(value);
  it('runs on a crontab time pattern, hourly at minute 7 by default; a bad one names the field and the part', () => {
    expect(schedule(undefined)).toMatchObject({ success: true, data: '7 * * * *' });
    expect(schedule(' 30 3 * * * ')).toMatchObject({ success: true, data: '30 3 * * *' });
    expect(schedule('*/15 2-4 * * 1-5').success).toBe(true);
    for (const [value, why] of [
      ['61 * * * *', /Too large value '61' in minutes range in RETENTION_SCHEDULE/],
      ['every hour', /Invalid cron pattern 'every hour' in RETENTION_SCHEDULE/],
      ['7 * * *', /Invalid cron pattern/],
    ] as const) {
      const bad = schedule(value);
      expect(bad.success).toBe(false);
      expect(bad.error?.issues[0]?.message).toMatch(why);
      expect(bad.error?.issues[0]?.message).toMatch(/five crontab fields .* UTC/);
    }
  });
});
