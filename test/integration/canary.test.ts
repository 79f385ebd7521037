// The synthetic canary, end to end: an in-process worker with CANARY_INTERVAL=1s runs
// it through the real path (createEvent's fan-out SQL, a deliver job, an attempt,
// signing, HTTP) to the app's own receiver route (app/api/canary/receive) served on
// 127.0.0.1. Runs are recorded ok with a latency; when the receiver answers 500 they are
// recorded failing, readiness' canary detail turns 'failing' (the app stays ready), and
// it passes again when the receiver is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as receiveCanaryRoute } from '@/app/api/canary/receive/route';
import { CANARY_ENDPOINT_ID, CANARY_JOB_KEY, CANARY_TASK, CANARY_TENANT_ID } from '@/lib/canary/canary-ids';
import { listTenants } from '@/lib/dashboard/list-tenants';
import { db } from '@/lib/db';
import { checkReadiness } from '@/lib/health/check-readiness';
import { operationsSnapshot } from '@/lib/operations/operations-snapshot';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { startHarness, type Harness } from '../support/harness.ts';
import { serveRoute, type RouteServer } from '../support/route-server.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let worker: RunningWorker | undefined;
let receiver: RouteServer;
let receiverDown = false;
let canaryUrl = '';

beforeAll(async () => {
  receiver = await serveRoute(receiveCanaryRoute, () => (receiverDown ? new Response('receiver down', { status: 500 }) : null));
  canaryUrl = `${receiver.origin}/api/canary/receive`;
  // ALLOW_PRIVATE_ENDPOINTS off: the canary's loopback receiver passes by its exemption alone.
  harness = await startHarness({ CANARY_URL: canaryUrl, CANARY_INTERVAL: '1s', ALLOW_PRIVATE_ENDPOINTS: '0' });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await harness?.close();
});

type RunRow = { id: number; event_id: string | null; ok: boolean | null; error: string | null; latency_ms: number | null; started_at: Date; delivered_at: Date | null };
const runsAfter = (id: number) => db().$queryRaw<RunRow[]>`select * from canary_runs where id > ${id} order by id`;
const lastRunId = async () => (await db().$queryRaw<{ id: number | null }[]>`select max(id) as id from canary_runs`)[0]?.id ?? 0;
const readiness = (want: (r: Awaited<ReturnType<typeof checkReadiness>>) => boolean, what: string) =>
  // checkReadiness caches its answer for 5 s: wait for a fresh one.
  waitFor(async () => {
    const r = await checkReadiness();
    return want(r) ? r : null;
  }, { timeoutMs: 30_000, intervalMs: 250, what });

describe('a passing canary', () => {
  it('sends an event through the whole path every interval and records each run ok with a latency', async () => {
    const ok = await waitFor(async () => {
      const runs = (await runsAfter(0)).filter((r) => r.ok === true);
      return runs.length >= 3 ? runs : null;
    }, { timeoutMs: 30_000, what: 'three canary runs received' });
    for (const run of ok) {
      expect(run.latency_ms).toBeGreaterThanOrEqual(0);
      expect(run.delivered_at!.getTime()).toBeGreaterThanOrEqual(run.started_at.getTime());
      expect(run.error).toBeNull();
    }
    // The real path: a canary event, one delivery to the canary endpoint, a signed 200 attempt.
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId: ok[0]!.event_id! }, include: { attempts: true, event: true } });
    expect(delivery).toMatchObject({ tenantId: CANARY_TENANT_ID, endpointId: CANARY_ENDPOINT_ID, status: 'succeeded' });
    expect(delivery.event.type).toBe('hookline.canary');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ succeeded: true, statusCode: 200 });
    expect((delivery.attempts[0]!.requestHeaders as Record<string, string>)['webhook-signature']).toMatch(/^v1,/);

    // Created once, whatever the number of runs; pointing at CANARY_URL.
    expect(await db().tenant.count({ where: { id: CANARY_TENANT_ID } })).toBe(1);
    expect(await db().endpoint.findMany({ where: { tenantId: CANARY_TENANT_ID }, select: { id: true, url: true } })).toEqual([{ id: CANARY_ENDPOINT_ID, url: canaryUrl }]);
    expect(await db().endpointSecret.count({ where: { endpointId: CANARY_ENDPOINT_ID } })).toBe(1);
    // One canary job waiting (or running) at a time, across the process's runners.
    const jobs = await db().$queryRaw<{ waiting: number }[]>`
      select count(*)::int as waiting from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = ${CANARY_TASK} and j.locked_at is null and j.attempts < j.max_attempts`;
    expect(jobs[0]!.waiting).toBeLessThanOrEqual(1);
    expect(await db().$queryRaw<unknown[]>`select 1 from graphile_worker._private_jobs where key = ${CANARY_JOB_KEY}`).toHaveLength(1);
  });

  it('reports ok in readiness and on the operator page, and stays out of the tenant lists', async () => {
    const ready = await readiness((r) => r.canary.status === 'ok', 'readiness to show the canary ok');
    expect(ready.status).toBe('ok');
    expect(ready.canary.lastSuccessAt).not.toBeNull();
    expect(ready.canary.latencyMs).toEqual(expect.any(Number));
    expect(Object.keys(ready.canary).sort()).toEqual(['lastSuccessAt', 'latencyMs', 'status']);

    const { canary, attention, deliveries } = await operationsSnapshot();
    expect(canary.health.status).toBe('ok');
    expect(canary.recent.length).toBeGreaterThanOrEqual(3);
    expect(canary.lastHour.runs).toBeGreaterThanOrEqual(3);
    expect(canary.perMinute.some((m) => m.latencyMs !== null)).toBe(true);
    expect(canary.endpoint).toMatchObject({ url: canaryUrl, circuitState: 'closed', disabled: false });
    expect(attention.rows.map((r) => r.tenantId)).not.toContain(CANARY_TENANT_ID);
    // The tenants' deliveries only: this database has no other tenant.
    expect(deliveries.succeeded24h).toBe(0);
    expect((await listTenants()).map((t) => t.id)).not.toContain(CANARY_TENANT_ID);
  });

  it('refuses a request the canary endpoint did not sign', async () => {
    const before = await lastRunId();
    const body = JSON.stringify({ type: 'hookline.canary', timestamp: new Date().toISOString(), data: { canaryRunId: before } });
    const forged = await fetch(canaryUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2Vk' },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it('exempts only its own endpoint from the private-address guard', async () => {
    // A tenant's endpoint at the very same loopback URL, stored as a rebinding host would
    // end up (registration would refuse the URL outright): its attempts are blocked.
    const tenant = await harness.newTenant('Rebinder');
    const created = await tenant.api('POST', '/api/v1/endpoints', { body: { url: 'http://93.184.215.14/hooks' } });
    expect(created.status).toBe(201);
    await db().endpoint.update({ where: { id: created.body.id }, data: { url: canaryUrl } });
    const event = (await tenant.api('POST', '/api/v1/events', { body: { type: 'hookline.canary', data: { canaryRunId: 1 } } })).body;
    const attempt = await waitFor(() => db().attempt.findFirst({ where: { delivery: { eventId: event.id } } }), { what: 'the tenant endpoint’s attempt' });
    expect(attempt).toMatchObject({ succeeded: false, errorClass: 'blocked_address', statusCode: null });
  });

  it('re-enables its endpoint when it was disabled', async () => {
    await db().endpoint.update({ where: { id: CANARY_ENDPOINT_ID }, data: { disabledAt: new Date(), disabledReason: 'failing without a success since …' } });
    const after = await lastRunId();
    await waitFor(async () => (await runsAfter(after)).some((r) => r.ok === true), { timeoutMs: 30_000, what: 'a canary run received after the disable' });
    expect(await db().endpoint.findUniqueOrThrow({ where: { id: CANARY_ENDPOINT_ID }, select: { disabledAt: true } })).toEqual({ disabledAt: null });
  });
});

describe('a failing canary', () => {
  it('records failing runs when its receiver answers 500, and readiness shows the canary failing', async () => {
    const before = await lastRunId();
    receiverDown = true;
    const failed = await waitFor(async () => {
      const runs = (await runsAfter(before)).filter((r) => r.ok === false);
      return runs.length >= 2 ? runs : null;
    }, { timeoutMs: 30_000, what: 'two canary runs recorded failing' });
    for (const run of failed) {
      expect(run.error).toBe('HTTP 500');
      expect(run.delivered_at).toBeNull();
    }
    // Each run is one probe: its delivery ends instead of retrying beside the next runs.
    const ended = await db().delivery.findMany({ where: { eventId: { in: failed.map((r) => r.event_id!) } }, select: { status: true } });
    expect(ended.map((d) => d.status)).toEqual(failed.map(() => 'failed'));

    const ready = await readiness((r) => r.canary.status === 'failing', 'readiness to show the canary failing');
    // Degraded, not unready: restarting the app would not mend the delivery path.
    expect(ready.status).toBe('ok');
    expect(ready.database).toBe('ok');
    const { canary } = await operationsSnapshot();
    expect(canary.health).toMatchObject({ status: 'failing', reason: 'HTTP 500' });
    expect(canary.lastHour.failed).toBeGreaterThanOrEqual(2);
  });

  it('passes again once the receiver is back', async () => {
    receiverDown = false;
    const ready = await readiness((r) => r.canary.status === 'ok', 'readiness to show the canary ok again');
    expect(ready.canary.latencyMs).toEqual(expect.any(Number));
  });
});
