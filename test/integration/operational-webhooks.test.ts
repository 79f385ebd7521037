// Operational webhooks, end to end: the operator adds an endpoint (the admin route, as
// the dashboard calls it) on a loopback receiver; tenants' endpoints then answer 410,
// run out of attempts, and open and close their circuit, and the receiver gets
// endpoint.disabled, delivery.exhausted and endpoint.recovered, each verified by the
// official standardwebhooks library with the operator endpoint's secret. The operator
// tenant's own failures and the canary's send nothing, and normal users can't see it.
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { CANARY_ENDPOINT_ID } from '@/lib/canary/canary-ids';
import { ensureCanaryEndpoint } from '@/lib/canary/ensure-canary-endpoint';
import { listTenants } from '@/lib/dashboard/list-tenants';
import { db } from '@/lib/db';
import { emitOperationalWebhook } from '@/lib/operational-events/emit-operational-webhook';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import type { SessionUser } from '@/lib/session/find-session-user';
import { tenantAccess, userTenants } from '@/lib/session/tenant-access';
import { createUser } from '@/lib/users/create-user';
import { deliveryOf, workerSuite } from '../support/deliveries.ts';
import { runCli } from '../support/processes.ts';
import type { ReceivedRequest } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

// The dashboard's session comes from next-auth's cookie; here the test says who is signed in.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/app/_server/session/get-session-user', () => ({ getSessionUser: async () => session.user }));

// The breaker opens after 3 failures in a row and probes after 500 ms: a circuit opens
// and closes within a test, and 5 attempts (TEST_ENV) run out in about two seconds.
// No receiver here hangs, so attempts get 10 s instead of TEST_ENV's 1 s: the statement
// timeout test's receiver takes a table lock before it answers, and that lock waits for
// whatever else holds the table (an autovacuum analyze is cancelled only after Postgres's
// deadlock_timeout, 1 s), which must not time the attempt out.
const suite = workerSuite({ CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_COOLDOWN: '500ms', CIRCUIT_MAX_COOLDOWN: '1s', ENDPOINT_BUSY_DELAY: '100ms', DELIVERY_TIMEOUT: '10s' });

type OperatorEndpoint = { id: string; secret: string; requests: ReceivedRequest[] };
let operator: OperatorEndpoint;
let operatorUser: SessionUser;

async function adminCall(method: 'GET' | 'POST', body?: unknown) {
  const route = await import('@/app/api/dashboard/admin/operational-webhooks/route');
  const request = new Request('http://localhost/api/dashboard/admin/operational-webhooks', {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json', origin: 'http://localhost', host: 'localhost' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await route[method](request);
  return { status: response.status, body: await response.json() };
}

/** The webhooks the operator's receiver got of this type about this endpoint, verified and parsed. */
function received(rx: ReceivedRequest[], secret: string, type: string, endpointId: string) {
  return rx
    .map((request) => {
      const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
      // Throws unless the signature verifies with this secret over these exact bytes.
      const payload = new Webhook(secret).verify(request.body, headers) as { type: string; timestamp: string; data: Record<string, unknown> };
      return { headers, payload };
    })
    .filter(({ payload }) => payload.type === type && payload.data.endpointId === endpointId);
}

const webhookOf = (type: string, endpointId: string) =>
  waitFor(() => received(operator.requests, operator.secret, type, endpointId)[0], { timeoutMs: 30_000, what: `${type} for ${endpointId}` });

async function sendEvent(api: Awaited<ReturnType<typeof suite.harness.newTenant>>['api'], i = 0, traceId?: string): Promise<string> {
  const headers = traceId ? { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } : undefined;
  return (await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } }, headers })).body.id;
}

/** The traceparent the operator's receiver got with this webhook. */
const traceparentOf = (webhookId: string) => operator.requests.find((r) => r.headers['webhook-id'] === webhookId)?.headers.traceparent;

describe('operational webhook endpoints', () => {
  it('are added by an operator through the admin route, with a secret, and refused to everyone else', async () => {
    const created = await createUser({ email: 'ops@example.com', password: 'operator-pass', role: 'operator' });
    operatorUser = { id: created.id, email: created.email, name: null, operator: true };
    const rx = await suite.receivers.start();

    session.user = { ...operatorUser, operator: false };
    expect((await adminCall('GET')).status).toBe(404);
    session.user = operatorUser;
    const bad = await adminCall('POST', { url: rx.url, eventTypes: ['endpoint.disabled', 'order.created'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'eventTypes.1', message: expect.stringMatching(/endpoint.disabled, delivery.exhausted, endpoint.recovered/) })]);
    const refused = await adminCall('POST', { url: 'ftp://example.com/hooks' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('url');

    const ok = await adminCall('POST', { url: rx.url, description: 'pager' });
    expect(ok.status).toBe(201);
    expect(ok.body.secret).toMatch(/^whsec_/);
    operator = { id: ok.body.id, secret: ok.body.secret, requests: rx.requests };
    const rows = (await adminCall('GET')).body;
    expect(rows).toEqual([expect.objectContaining({ id: operator.id, url: rx.url, description: 'pager', eventTypes: [], disabled: false })]);
    expect(await db().endpoint.findUniqueOrThrow({ where: { id: operator.id } })).toMatchObject({ tenantId: OPERATOR_TENANT_ID });
  });

  it('get endpoint.disabled, signed, when a tenant endpoint answers 410 Gone', async () => {
    const { id: tenantId, api } = await suite.harness.newTenant('Gone Inc');
    const rx = await suite.receivers.start(() => ({ status: 410 }));
    const ep = (await api('POST', '/api/v1/endpoints', { body: { url: rx.url } })).body;
    const traceId = '5a1e0c3d9b7f4e2a8c6d0b1f3e5a7c9d';
    await sendEvent(api, 0, traceId);

    const { headers, payload } = await webhookOf('endpoint.disabled', ep.id);
    // In the trace of the attempt that disabled the endpoint.
    expect(traceparentOf(headers['webhook-id'])).toContain(traceId);
    expect(payload.data).toEqual({
      tenantId,
      endpointId: ep.id,
      endpointUrl: rx.url,
      trigger: 'automatic',
      failSince: expect.any(String),
      reason: 'Disabled: the endpoint answered 410 Gone',
      occurredAt: expect.any(String),
    });
    // An ordinary event of the operator tenant: webhook-id is its id, stored with the exact bytes sent.
    const event = await db().event.findUniqueOrThrow({ where: { id: headers['webhook-id'] } });
    expect(event).toMatchObject({ tenantId: OPERATOR_TENANT_ID, type: 'endpoint.disabled' });
    expect(operator.requests.some((r) => r.body === event.body)).toBe(true);
    // Written with the disabling: the operational event row and the endpoint state agree.
    expect(await db().operationalEvent.count({ where: { endpointId: ep.id, type: 'endpoint.disabled' } })).toBe(1);
  });

  it('get delivery.exhausted when a delivery runs out of attempts', async () => {
    const { id: tenantId, api } = await suite.harness.newTenant('Flaky Ltd');
    const rx = await suite.receivers.start(() => ({ status: 500, body: 'down' }));
    const ep = (await api('POST', '/api/v1/endpoints', { body: { url: rx.url } })).body;
    const traceId = '6b2f1d4e0c8a5f3b9d7e1c2a4f6b8d0e';
    const eventId = await sendEvent(api, 0, traceId);

    const { headers, payload } = await webhookOf('delivery.exhausted', ep.id);
    expect(traceparentOf(headers['webhook-id'])).toContain(traceId);
    const delivery = await deliveryOf(eventId);
    expect(delivery.status).toBe('failed');
    const last = delivery.attempts.at(-1)!;
    expect(payload.data).toEqual({
      tenantId,
      endpointId: ep.id,
      endpointUrl: rx.url,
      deliveryId: delivery.id,
      eventId,
      eventType: 'order.created',
      attempts: 5,
      lastAttempt: { id: last.id, timestamp: last.startedAt.toISOString(), responseStatusCode: 500, errorClass: 'http_status' },
      reason: 'Gave up after 5 failed attempts: no retries left',
      occurredAt: expect.any(String),
    });
    // Opening the circuit on the way (3 in a row) is not one of the three types.
    expect(await db().operationalEvent.count({ where: { endpointId: ep.id, type: 'endpoint.circuit_opened' } })).toBe(1);
    expect(received(operator.requests, operator.secret, 'endpoint.circuit_opened', ep.id)).toEqual([]);
  });

  it('get endpoint.recovered when an open circuit closes', async () => {
    const { id: tenantId, api } = await suite.harness.newTenant('Bounce Co');
    let healthy = false;
    const rx = await suite.receivers.start(() => (healthy ? { status: 200 } : { status: 503 }));
    const ep = (await api('POST', '/api/v1/endpoints', { body: { url: rx.url } })).body;
    // One trace for the three events: whichever attempt closes the circuit carries it.
    const traceId = '7c3a2e5f1d9b6a4c0e8f2d3b5a7c9e1f';
    for (let i = 0; i < 3; i++) await sendEvent(api, i, traceId);
    await waitFor(async () => (await db().endpoint.findUniqueOrThrow({ where: { id: ep.id } })).circuitState !== 'closed', { what: 'the circuit to open' });
    expect(received(operator.requests, operator.secret, 'endpoint.recovered', ep.id)).toEqual([]);

    healthy = true;
    const { headers, payload } = await webhookOf('endpoint.recovered', ep.id);
    expect(traceparentOf(headers['webhook-id'])).toContain(traceId);
    expect(payload.data).toEqual({ tenantId, endpointId: ep.id, endpointUrl: rx.url, reason: 'Circuit closed: an attempt succeeded, held deliveries go now', occurredAt: expect.any(String) });
    expect(await db().endpoint.findUniqueOrThrow({ where: { id: ep.id } })).toMatchObject({ circuitState: 'closed' });
  });

  it('go only to operator endpoints subscribed to the type', async () => {
    const rx = await suite.receivers.start();
    session.user = operatorUser;
    const onlyRecovered = (await adminCall('POST', { url: rx.url, eventTypes: ['endpoint.recovered'] })).body;
    const { api } = await suite.harness.newTenant('Gone Again');
    const tenantRx = await suite.receivers.start(() => ({ status: 410 }));
    const ep = (await api('POST', '/api/v1/endpoints', { body: { url: tenantRx.url } })).body;
    await sendEvent(api);
    await webhookOf('endpoint.disabled', ep.id);
    const event = await db().event.findFirstOrThrow({ where: { tenantId: OPERATOR_TENANT_ID, body: { contains: ep.id } } });
    const deliveries = await db().delivery.findMany({ where: { eventId: event.id }, select: { endpointId: true } });
    expect(deliveries).toEqual([{ endpointId: operator.id }]);
    expect(rx.requests).toEqual([]);
    await db().endpoint.delete({ where: { id: onlyRecovered.id } });
  });
});

describe('a webhook that cannot be queued', () => {
  it('does not undo the change that caused it (savepoint): the endpoint is still disabled, the attempt recorded', async () => {
    // Someone listens (the operator endpoint above), so Hookline does try to queue one.
    expect(await db().endpoint.count({ where: { id: operator.id, disabledAt: null } })).toBe(1);
    // Fault injection in the real database: the operator tenant's events are refused.
    await db().$executeRawUnsafe(`create function refuse_operator_event() returns trigger language plpgsql as $$
      begin if new.tenant_id = '${OPERATOR_TENANT_ID}' then raise exception 'refused by the test'; end if; return new; end $$`);
    await db().$executeRawUnsafe('create trigger refuse_operator_event before insert on events for each row execute function refuse_operator_event()');
    try {
      const { api } = await suite.harness.newTenant('Unlucky');
      const rx = await suite.receivers.start(() => ({ status: 410 }));
      const ep = (await api('POST', '/api/v1/endpoints', { body: { url: rx.url } })).body;
      const eventId = await sendEvent(api);
      const endpoint = await waitFor(async () => {
        const row = await db().endpoint.findUniqueOrThrow({ where: { id: ep.id } });
        return row.disabledAt ? row : null;
      }, { what: 'the endpoint to be disabled' });
      expect(endpoint.disabledReason).toBe('the endpoint answered 410 Gone');
      const delivery = await deliveryOf(eventId);
      expect(delivery).toMatchObject({ status: 'failed', attemptCount: 1 });
      // Sent once: the job did not fail and run again.
      expect(rx.requests).toHaveLength(1);
      expect(await db().event.count({ where: { tenantId: OPERATOR_TENANT_ID, body: { contains: ep.id } } })).toBe(0);
    } finally {
      await db().$executeRawUnsafe('drop trigger refuse_operator_event on events');
      await db().$executeRawUnsafe('drop function refuse_operator_event()');
    }
  });

  it('nor does a failing lookup of who listens (a statement timeout): the attempt is recorded once, the request sent once', async () => {
    expect(await db().endpoint.count({ where: { id: operator.id, disabledAt: null } })).toBe(1);
    const { api } = await suite.harness.newTenant('Timed Out');
    const locker = new pg.Client({ connectionString: suite.harness.env.DATABASE_URL });
    await locker.connect();
    try {
      // While the first request is in flight, the test takes the events table, which the
      // attempt's transaction reads first in the lookup: the lookup waits there, and is
      // then cancelled, the error (57014) a statement timeout raises.
      const rx = await suite.receivers.start(async (_request, index) => {
        if (index === 0) {
          await locker.query('begin');
          await locker.query('lock table events in access exclusive mode');
        }
        return { status: 410 };
      });
      const ep = (await api('POST', '/api/v1/endpoints', { body: { url: rx.url } })).body;
      const eventId = await sendEvent(api);
      // Looked for from another connection: inside the locker's transaction,
      // pg_stat_activity is a snapshot taken at its first read, which can come before the
      // lookup starts (CI saw it stay empty for the whole wait).
      const lookup = await waitFor(async () => {
        const [row] = await db().$queryRaw<{ pid: number }[]>`select pid from pg_stat_activity where wait_event_type = 'Lock' and query like '%left join lateral%'`;
        return row;
      }, { what: 'the lookup to wait for the events table' });
      await db().$queryRaw`select pg_cancel_backend(${lookup.pid})`;
      await locker.query('rollback');

      const endpoint = await waitFor(async () => {
        const row = await db().endpoint.findUniqueOrThrow({ where: { id: ep.id } });
        return row.disabledAt ? row : null;
      }, { what: 'the endpoint to be disabled' });
      expect(endpoint.disabledReason).toBe('the endpoint answered 410 Gone');
      expect(await deliveryOf(eventId)).toMatchObject({ status: 'failed', attemptCount: 1 });
      // Before, the failed lookup undid the attempt's record and the job ran again: two requests.
      expect(rx.requests).toHaveLength(1);
      expect(await db().event.count({ where: { tenantId: OPERATOR_TENANT_ID, body: { contains: ep.id } } })).toBe(0);
    } finally {
      await locker.end();
    }
  });
});

describe('no loops', () => {
  it('an operator endpoint that fails sends nothing about itself', async () => {
    session.user = operatorUser;
    const broken = await suite.receivers.start(() => ({ status: 410 }));
    const brokenEndpoint = (await adminCall('POST', { url: broken.url })).body;
    // A tenant endpoint disabled: its webhook goes to both operator endpoints, and the broken one answers 410.
    const { api } = await suite.harness.newTenant('Trigger');
    const tenantRx = await suite.receivers.start(() => ({ status: 410 }));
    const ep = (await api('POST', '/api/v1/endpoints', { body: { url: tenantRx.url } })).body;
    await sendEvent(api);
    await webhookOf('endpoint.disabled', ep.id);
    await waitFor(async () => (await db().endpoint.findUniqueOrThrow({ where: { id: brokenEndpoint.id } })).disabledAt !== null, { what: 'the broken operator endpoint to be disabled' });

    // Recorded as an operational event like any endpoint's, but no webhook about it.
    expect(await db().operationalEvent.count({ where: { endpointId: brokenEndpoint.id, type: 'endpoint.disabled' } })).toBe(1);
    expect(await db().event.count({ where: { tenantId: OPERATOR_TENANT_ID, body: { contains: brokenEndpoint.id } } })).toBe(0);
    expect(received(operator.requests, operator.secret, 'endpoint.disabled', brokenEndpoint.id)).toEqual([]);
    for (const request of operator.requests) expect(JSON.parse(request.body).data.tenantId).not.toBe(OPERATOR_TENANT_ID);
  });

  it('the canary’s endpoint sends nothing either', async () => {
    await ensureCanaryEndpoint('http://127.0.0.1:9/api/canary/receive');
    // Someone listens (a tenant endpoint's change would be sent), so null means "not for the canary".
    expect(await db().endpoint.count({ where: { id: operator.id, disabledAt: null, eventTypes: { isEmpty: true } } })).toBe(1);
    const emitted = await db().$transaction((tx) => emitOperationalWebhook(tx, { type: 'endpoint.disabled', endpointId: CANARY_ENDPOINT_ID, reason: 'test' }));
    expect(emitted).toBeNull();
  });
});

describe('the operator tenant', () => {
  it('is invisible to normal users and left out of every tenant list and the CLI', async () => {
    const tenant = await suite.harness.newTenant('Members Only');
    const admin = await createUser({ email: 'admin@members.example', password: 'admin-pass-1', role: 'admin', tenantId: tenant.id });
    const adminUser = { id: admin.id, operator: false };
    await expect(tenantAccess(adminUser, OPERATOR_TENANT_ID)).rejects.toMatchObject({ code: 'not_found' });
    // Even a membership (no path makes one, but were it inserted) does not open it.
    await db().membership.create({ data: { userId: admin.id, tenantId: OPERATOR_TENANT_ID, role: 'admin' } });
    await expect(tenantAccess(adminUser, OPERATOR_TENANT_ID)).rejects.toMatchObject({ code: 'not_found' });
    // The dashboard's tenant routes answer 404 like for any tenant the user can't reach.
    session.user = { ...adminUser, email: admin.email, name: null };
    const { GET } = await import('@/app/api/dashboard/t/[tenantId]/deliveries/route');
    const denied = await GET(new Request(`http://localhost/api/dashboard/t/${OPERATOR_TENANT_ID}/deliveries`), { params: Promise.resolve({ tenantId: OPERATOR_TENANT_ID }) });
    expect(denied.status).toBe(404);

    // Operators may open it (its deliveries are the operational webhooks), but it is in no list.
    expect((await tenantAccess(operatorUser, OPERATOR_TENANT_ID)).tenant.id).toBe(OPERATOR_TENANT_ID);
    expect((await userTenants(operatorUser)).map((t) => t.id)).not.toContain(OPERATOR_TENANT_ID);
    expect((await listTenants()).map((t) => t.id)).not.toContain(OPERATOR_TENANT_ID);
    const cli = await runCli(['tenant', 'list', '--json'], suite.harness.env);
    expect(cli.code).toBe(0);
    const listed = JSON.parse(cli.stdout).tenants.map((t: { id: string }) => t.id);
    expect(listed).toContain(tenant.id);
    expect(listed).not.toContain(OPERATOR_TENANT_ID);
  });
});
