// The operator's Operations page numbers, against a real database and a real worker:
// attempts per minute and error rates, deliveries by status, top error classes, live and
// stale workers, graphile-worker's queue by state, endpoints needing attention across
// tenants (circuit-broken ones too), the operational events the worker wrote, and the
// route's operator-only gate.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { newId } from '@/lib/ids';
import { ensureOperatorTenant } from '@/lib/operational-events/ensure-operator-tenant';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { attemptThroughput } from '@/lib/operations/attempt-throughput';
import { deliveryStats } from '@/lib/operations/delivery-stats';
import { endpointsNeedingAttention } from '@/lib/operations/endpoints-needing-attention';
import { queueStats } from '@/lib/operations/queue-stats';
import { recentOperationalEvents } from '@/lib/operations/recent-operational-events';
import { topErrorClasses } from '@/lib/operations/top-error-classes';
import { workerStatus } from '@/lib/operations/worker-status';
import type { SessionUser } from '@/lib/session/find-session-user';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { receiverPool } from '../support/deliveries.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

// The dashboard's session comes from next-auth's cookie; here the test says who is signed in.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/app/_server/session/get-session-user', () => ({ getSessionUser: async () => session.user }));

let harness: Harness;
let worker: RunningWorker | undefined;
const receivers = receiverPool();
const sent = { acmeOk: [] as string[], acmeBroken: [] as string[], beta: [] as string[], refused: [] as string[] };
let brokenEndpointId = '';
let acmeTenant = { id: '', name: 'Acme Ops' };

beforeAll(async () => {
  harness = await startHarness();
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await receivers.closeAll();
  await harness?.close();
});

async function settleAll() {
  const ids = Object.values(sent).flat();
  await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: { in: ['succeeded', 'failed'] } } })) === ids.length, {
    timeoutMs: 30_000,
    what: `${ids.length} deliveries to settle`,
  });
}

describe('with a worker delivering', () => {
  beforeAll(async () => {
    const acme = await harness.newTenant('Acme Ops');
    const beta = await harness.newTenant('Beta Ops');
    acmeTenant = { id: acme.id, name: 'Acme Ops' };
    const ok = await receivers.start();
    const broken = await receivers.start(() => ({ status: 503, body: 'down' }));
    await acme.api('POST', '/api/v1/endpoints', { body: { url: ok.url, eventTypes: ['order.created'] } });
    brokenEndpointId = (await acme.api('POST', '/api/v1/endpoints', { body: { url: broken.url, eventTypes: ['order.created'] } })).body.id;
    // Port 9 (discard) on loopback: nothing listens, so every attempt is refused.
    await acme.api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['order.refused'] } });
    await beta.api('POST', '/api/v1/endpoints', { body: { url: ok.url } });

    for (let i = 0; i < 3; i++) {
      const id = (await acme.api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id;
      sent.acmeOk.push(id);
      sent.acmeBroken.push(id);
    }
    sent.refused.push((await acme.api('POST', '/api/v1/events', { body: { type: 'order.refused', data: {} } })).body.id);
    for (let i = 0; i < 2; i++) sent.beta.push((await beta.api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);
    await settleAll();
  });

  it('counts attempts per minute by outcome, and the error rate over 5 minutes and 1 hour', async () => {
    // 5 successes (3 Acme + 2 Beta); 3 deliveries × 5 attempts of 503, 1 × 5 refused.
    const t = await attemptThroughput();
    expect(t.perMinute).toHaveLength(60);
    const minutes = t.perMinute.map((p) => Date.parse(p.minute));
    expect(minutes.every((m, i) => i === 0 || m - minutes[i - 1]! === 60_000)).toBe(true);
    expect(Date.now() - minutes[59]!).toBeLessThan(60_000 + 5_000);
    expect(t.perMinute.reduce((s, p) => s + p.succeeded, 0)).toBe(5);
    expect(t.perMinute.reduce((s, p) => s + p.failed, 0)).toBe(20);
    expect(t.last1h).toEqual({ attempts: 25, failed: 20, rate: 0.8 });
    expect(t.last5m).toEqual({ attempts: 25, failed: 20, rate: 0.8 });
  });

  it('gives each minute with attempts the median and 95th percentile of their durations', async () => {
    const t = await attemptThroughput();
    const durations = (await db().attempt.findMany({ select: { durationMs: true } })).map((a) => a.durationMs);
    const [min, max] = [Math.min(...durations), Math.max(...durations)];
    for (const p of t.perMinute) {
      if (p.succeeded + p.failed === 0) {
        expect([p.p50Ms, p.p95Ms]).toEqual([null, null]);
        continue;
      }
      expect(p.p50Ms).toBeGreaterThanOrEqual(min);
      expect(p.p95Ms).toBeGreaterThanOrEqual(p.p50Ms!);
      expect(p.p95Ms).toBeLessThanOrEqual(max);
    }
    expect(t.perMinute.some((p) => p.p50Ms !== null)).toBe(true);
  });

  it('leaves attempts older than the window out', async () => {
    // Move one success and one failure back 2 hours: out of both windows and the chart.
    const [ok, failed] = await Promise.all([
      db().attempt.findFirstOrThrow({ where: { succeeded: true } }),
      db().attempt.findFirstOrThrow({ where: { succeeded: false } }),
    ]);
    const old = new Date(Date.now() - 2 * 3_600_000);
    await db().attempt.updateMany({ where: { id: { in: [ok.id, failed.id] } }, data: { startedAt: old } });
    try {
      const t = await attemptThroughput();
      expect(t.last1h).toEqual({ attempts: 23, failed: 19, rate: 19 / 23 });
      expect(t.perMinute.reduce((s, p) => s + p.succeeded + p.failed, 0)).toBe(23);
    } finally {
      await db().attempt.update({ where: { id: ok.id }, data: { startedAt: ok.startedAt } });
      await db().attempt.update({ where: { id: failed.id }, data: { startedAt: failed.startedAt } });
    }
  });

  it('names the top error classes of the last hour, HTTP answers by status code', async () => {
    const top = await topErrorClasses();
    expect(top.map(({ errorClass, statusCode, count }) => ({ errorClass, statusCode, count }))).toEqual([
      { errorClass: 'http_status', statusCode: 503, count: 15 },
      { errorClass: 'connection_refused', statusCode: null, count: 5 },
    ]);
  });

  it('counts deliveries by status across tenants, and the oldest still to do', async () => {
    expect(await deliveryStats()).toEqual({ pending: 0, retrying: 0, succeeded24h: 5, failed24h: 4, oldestActiveAgeMs: null });
    // A delivery that is still retrying, created 90 s ago.
    const d = await db().delivery.findFirstOrThrow({ where: { endpointId: brokenEndpointId } });
    await db().delivery.update({ where: { id: d.id }, data: { status: 'retrying', createdAt: new Date(Date.now() - 90_000) } });
    try {
      const stats = await deliveryStats();
      expect(stats).toMatchObject({ pending: 0, retrying: 1, failed24h: 3 });
      expect(stats.oldestActiveAgeMs).toBeGreaterThanOrEqual(89_000);
      expect(stats.oldestActiveAgeMs).toBeLessThan(120_000);
    } finally {
      await db().delivery.update({ where: { id: d.id }, data: { status: 'failed', createdAt: d.createdAt } });
    }
  });

  it('leaves Hookline’s own tenants’ deliveries out: the operator’s webhooks are not tenants’ traffic', async () => {
    const before = await deliveryStats();
    await ensureOperatorTenant();
    const endpoint = await db().endpoint.create({ data: { id: newId('endpoint'), tenantId: OPERATOR_TENANT_ID, url: 'http://127.0.0.1:9/ops' } });
    // No job: the worker leaves them alone.
    const rows = (['retrying', 'failed'] as const).map((status) => ({ status, eventId: newId('event'), deliveryId: newId('delivery') }));
    for (const r of rows) {
      await db().event.create({ data: { id: r.eventId, tenantId: OPERATOR_TENANT_ID, type: 'endpoint.disabled', body: '{}' } });
      await db().delivery.create({ data: { id: r.deliveryId, tenantId: OPERATOR_TENANT_ID, eventId: r.eventId, endpointId: endpoint.id, status: r.status } });
    }
    try {
      expect(await deliveryStats()).toEqual(before);
    } finally {
      await db().delivery.deleteMany({ where: { endpointId: endpoint.id } });
      await db().event.deleteMany({ where: { id: { in: rows.map((r) => r.eventId) } } });
      await db().endpoint.delete({ where: { id: endpoint.id } });
    }
  });

  it('lists the running worker as live', async () => {
    const { leaseTtlMs, rows: workers } = await workerStatus();
    expect(leaseTtlMs).toBe(3_000);
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatchObject({ workerId: worker!.workerId, pid: process.pid, stale: false });
    expect(workers[0]!.heartbeatAgeMs).toBeLessThan(3_000);
  });

  it('lists the circuit the worker opened, with its next probe, and the operational event it wrote', async () => {
    // 15 answers of 503 in a row: the breaker (threshold 10) opened and every probe failed.
    const events = await recentOperationalEvents();
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.every((e) => e.tenantId === acmeTenant.id && e.endpointId === brokenEndpointId && e.type === 'endpoint.circuit_opened')).toBe(true);
    expect(events[0]).toMatchObject({ tenantName: 'Acme Ops', endpointUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/) });
    expect(events[0]!.message).toMatch(/^Circuit opened after 10 failed attempts in a row/);

    const before = await endpointsNeedingAttention();
    // The broken one's circuit is open; the refused one (5 failures) is failing, circuit closed.
    expect(before).toMatchObject({ disabled: 0, circuitOpen: 1, failing: 1 });
    expect(before.rows.map((r) => r.tenantName)).toEqual(['Acme Ops', 'Acme Ops']);
    expect(before.rows.every((r) => r.failingSince !== null && r.disabledAt === null)).toBe(true);
    expect(before.rows[0]).toMatchObject({ id: brokenEndpointId, circuitState: 'open', consecutiveFailures: 15 });
    expect(before.rows[0]!.nextProbeAt).not.toBeNull();
    expect(before.rows[0]!.circuitOpenedAt).not.toBeNull();
    expect(before.rows[1]).toMatchObject({ url: 'http://127.0.0.1:9/hooks', circuitState: 'closed', consecutiveFailures: 5, nextProbeAt: null });
  });

  it('lists failing and disabled endpoints across tenants, with the tenant name', async () => {

    // As the worker does after ENDPOINT_DISABLE_AFTER without a success.
    await db().endpoint.update({ where: { id: brokenEndpointId }, data: { disabledAt: new Date(), disabledReason: 'failing for 5 days without a success' } });
    const after = await endpointsNeedingAttention();
    expect(after).toMatchObject({ disabled: 1, circuitOpen: 0, failing: 1 });
    // Disabled ones first.
    expect(after.rows[0]).toMatchObject({ id: brokenEndpointId, tenantId: acmeTenant.id, tenantName: 'Acme Ops', disabledReason: 'failing for 5 days without a success' });
    expect(after.rows[1]).toMatchObject({ tenantName: 'Acme Ops', disabledAt: null, url: 'http://127.0.0.1:9/hooks' });
  });
});

describe('with no worker running', () => {
  beforeAll(async () => {
    await worker?.stop();
    worker = undefined;
  });

  it('counts graphile-worker jobs that are ready, scheduled, locked and exhausted', async () => {
    expect(await queueStats()).toEqual({ ready: 0, scheduled: 0, locked: 0, exhausted: 0, oldestReadyAgeMs: null });
    const add = (runAt: string, key: string) =>
      db().$executeRawUnsafe(`select graphile_worker.add_job('deliver', '{}'::json, job_key := $1, run_at := now() + $2::interval)`, key, runAt);
    await add('-30 seconds', 'ops:ready-1');
    await add('0 seconds', 'ops:ready-2');
    await add('10 minutes', 'ops:scheduled-1');
    await add('1 hour', 'ops:scheduled-2');
    await add('1 hour', 'ops:scheduled-3');
    await add('0 seconds', 'ops:locked');
    await add('0 seconds', 'ops:exhausted');
    // A worker holds one; graphile gave up on another after max_attempts throws.
    await db().$executeRaw`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'w-1', attempts = 1 where key = 'ops:locked'`;
    await db().$executeRaw`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'boom' where key = 'ops:exhausted'`;

    const stats = await queueStats();
    expect(stats).toMatchObject({ ready: 2, scheduled: 3, locked: 1, exhausted: 1 });
    expect(stats.oldestReadyAgeMs).toBeGreaterThanOrEqual(29_000);
    expect(stats.oldestReadyAgeMs).toBeLessThan(60_000);
  });

  it('marks a worker stale once its heartbeat is older than LEASE_TTL, and counts the jobs it holds', async () => {
    // LEASE_TTL is 3 s in the harness.
    await db().workerLease.createMany({
      data: [
        { workerId: 'w-live', hostname: 'box-a', pid: 101, lockIds: ['w-1'], heartbeatAt: new Date(Date.now() - 1_000) },
        { workerId: 'w-dead', hostname: 'box-b', pid: 202, lockIds: ['w-2'], heartbeatAt: new Date(Date.now() - 10_000), startedAt: new Date(Date.now() - 60_000) },
      ],
    });
    const { rows: workers } = await workerStatus();
    expect(workers.map(({ workerId, hostname, pid, stale, lockedJobs }) => ({ workerId, hostname, pid, stale, lockedJobs }))).toEqual([
      { workerId: 'w-dead', hostname: 'box-b', pid: 202, stale: true, lockedJobs: 0 },
      { workerId: 'w-live', hostname: 'box-a', pid: 101, stale: false, lockedJobs: 1 },
    ]);
  });
});

describe('GET /api/dashboard/admin/operations', () => {
  it('is 404 for anyone but an operator, and the whole snapshot for operators', async () => {
    const { GET } = await import('@/app/api/dashboard/admin/operations/route');
    const call = () => GET(new Request('http://localhost/api/dashboard/admin/operations'));

    session.user = null;
    expect((await call()).status).toBe(401);
    session.user = { id: 'usr_x', email: 'admin@acme.test', name: null, operator: false };
    expect((await call()).status).toBe(404);

    session.user = { id: 'usr_op', email: 'op@hookline.test', name: null, operator: true };
    const response = await call();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body.queue).toMatchObject({ ready: 2, scheduled: 3, locked: 1, exhausted: 1 });
    expect(body.deliveries).toMatchObject({ succeeded24h: 5, failed24h: 4 });
    expect(body.throughput.last1h).toEqual({ attempts: 25, failed: 20, rate: 0.8 });
    expect(body.throughput.perMinute).toHaveLength(60);
    expect(body.topErrors[0]).toMatchObject({ errorClass: 'http_status', statusCode: 503, count: 15 });
    expect(body.workers.rows).toHaveLength(2);
    expect(body.attention).toMatchObject({ disabled: 1, circuitOpen: 0, failing: 1 });
    expect(body.operationalEvents[0]).toMatchObject({ tenantName: 'Acme Ops', type: 'endpoint.circuit_opened' });
  });
});
