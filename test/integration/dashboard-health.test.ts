// Endpoint health in the dashboard, against a real database: the breaker's columns and the
// operational events the worker writes (seeded here as it writes them), read back by the
// tenant's endpoint page (its own tenant's events only, newest first, at most 20), the
// operator's list of endpoints needing attention (circuit-broken ones included) and the
// operator's feed of operational events across tenants; and the routes' gates.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { endpointOperationalEvents } from '@/lib/dashboard/endpoint-operational-events';
import { getEndpointDetail } from '@/lib/dashboard/get-endpoint-detail';
import { listEndpointRows } from '@/lib/dashboard/endpoint-rows';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { deleteEndpoint } from '@/lib/endpoints/delete-endpoint';
import { newId } from '@/lib/ids';
import type { OperationalEventType } from '@/lib/operational-events/record-operational-event';
import { endpointsNeedingAttention } from '@/lib/operations/endpoints-needing-attention';
import { recentOperationalEvents } from '@/lib/operations/recent-operational-events';
import type { SessionUser } from '@/lib/session/find-session-user';
import { createUser } from '@/lib/users/create-user';
import { startHarness, type Harness } from '../support/harness.ts';

// The dashboard's session comes from next-auth's cookie; here the test says who is signed in.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/app/_server/session/get-session-user', () => ({ getSessionUser: async () => session.user }));

let harness: Harness;
const now = Date.now();
const minutesAgo = (m: number) => new Date(now - m * 60_000);
const inSeconds = (s: number) => new Date(now + s * 1_000);

type Seeded = { tenantId: string; tenantName: string; endpoints: Record<'healthy' | 'failing' | 'open' | 'probing' | 'disabled', { id: string; url: string; secret: string }> };
let a: Seeded;
let b: Seeded;
let deletedEndpointId = '';

/** An operational event as the worker writes it, `minutes` ago (its id carries that time). */
async function addEvent(tenantId: string, endpointId: string, type: OperationalEventType, message: string, minutes: number) {
  const at = minutesAgo(minutes);
  await db().operationalEvent.create({ data: { id: newId('operationalEvent', at.getTime()), tenantId, endpointId, type, message, createdAt: at } });
}

/** A tenant with one endpoint in each health state, the columns set as the worker sets them. */
async function seedTenant(name: string): Promise<Seeded> {
  const t = await harness.newTenant(name);
  const make = async (path: string) => {
    const e = await createEndpoint(t.id, { url: `http://127.0.0.1:9/${name.toLowerCase()}/${path}` });
    return { id: e.id, url: e.url, secret: e.secret };
  };
  const endpoints = { healthy: await make('healthy'), failing: await make('failing'), open: await make('open'), probing: await make('probing'), disabled: await make('disabled') };
  await db().endpoint.update({ where: { id: endpoints.failing.id }, data: { failingSince: minutesAgo(30), consecutiveFailures: 3 } });
  await db().endpoint.update({
    where: { id: endpoints.open.id },
    data: { failingSince: minutesAgo(20), consecutiveFailures: 12, circuitState: 'open', circuitTrips: 1, circuitOpenedAt: minutesAgo(10), circuitRetryAt: inSeconds(45) },
  });
  await db().endpoint.update({
    where: { id: endpoints.probing.id },
    data: { failingSince: minutesAgo(15), consecutiveFailures: 10, circuitState: 'half_open', circuitOpenedAt: minutesAgo(5), circuitRetryAt: inSeconds(10) },
  });
  await db().endpoint.update({
    where: { id: endpoints.disabled.id },
    data: { failingSince: minutesAgo(40), consecutiveFailures: 1, disabledAt: minutesAgo(1), disabledReason: 'the endpoint answered 410 Gone' },
  });
  return { tenantId: t.id, tenantName: name, endpoints };
}

beforeAll(async () => {
  harness = await startHarness();
  a = await seedTenant('Acme Health');
  b = await seedTenant('Beta Health');

  // Acme's open endpoint: 25 events over time (more than a page holds), oldest first.
  const open = a.endpoints.open.id;
  for (let i = 0; i < 25; i++) {
    const minutes = 200 - i * 5;
    if (i % 2 === 0) await addEvent(a.tenantId, open, 'endpoint.circuit_opened', `Circuit opened #${i}`, minutes);
    else await addEvent(a.tenantId, open, 'endpoint.circuit_closed', `Circuit closed #${i}`, minutes);
  }
  await addEvent(a.tenantId, a.endpoints.disabled.id, 'endpoint.disabled', 'Disabled: the endpoint answered 410 Gone', 1);
  // Beta's: on its own endpoints, and one that names Acme's endpoint id under Beta's tenant
  // (it can't happen through the worker; it must not leak into Acme's page either way).
  await addEvent(b.tenantId, b.endpoints.open.id, 'endpoint.circuit_opened', 'Beta circuit opened', 2);
  await addEvent(b.tenantId, open, 'endpoint.circuit_opened', 'Beta event naming an Acme endpoint', 0.5);
  // An endpoint that is deleted afterwards: its event stays, without a URL.
  const gone = await createEndpoint(b.tenantId, { url: 'http://127.0.0.1:9/beta/deleted' });
  deletedEndpointId = gone.id;
  await addEvent(b.tenantId, gone.id, 'endpoint.disabled', 'Disabled: failing without a success since 2026-11-19 03:00 UTC', 3);
  await deleteEndpoint(b.tenantId, gone.id);
});

afterAll(async () => {
  await harness?.close();
});

describe('the tenant side', () => {
  it("lists an endpoint's operational events newest first, at most 20, its tenant's only", async () => {
    const events = await endpointOperationalEvents(a.tenantId, a.endpoints.open.id);
    expect(events).toHaveLength(20);
    expect(events[0]).toMatchObject({ type: 'endpoint.circuit_opened', message: 'Circuit opened #24' });
    expect(events.map((e) => e.message)).toEqual(Array.from({ length: 20 }, (_, k) => `Circuit ${(24 - k) % 2 === 0 ? 'opened' : 'closed'} #${24 - k}`));
    const times = events.map((e) => Date.parse(e.createdAt));
    expect(times.every((t, i) => i === 0 || t < times[i - 1]!)).toBe(true);
    expect(events.some((e) => e.message.startsWith('Beta'))).toBe(false);
    expect(Object.keys(events[0]!).sort()).toEqual(['createdAt', 'id', 'message', 'type']);

    expect(await endpointOperationalEvents(a.tenantId, a.endpoints.open.id, 3)).toHaveLength(3);
    expect((await endpointOperationalEvents(a.tenantId, a.endpoints.disabled.id)).map((e) => e.message)).toEqual(['Disabled: the endpoint answered 410 Gone']);
    expect(await endpointOperationalEvents(a.tenantId, a.endpoints.healthy.id)).toEqual([]);
  });

  it("never shows tenant B's events to tenant A, nor A's to B, whatever endpoint id is asked for", async () => {
    // B's own endpoint, asked for under A's tenant: nothing.
    expect(await endpointOperationalEvents(a.tenantId, b.endpoints.open.id)).toEqual([]);
    // A's endpoint id under B's tenant: only the event filed under B, none of A's 25.
    expect((await endpointOperationalEvents(b.tenantId, a.endpoints.open.id)).map((e) => e.message)).toEqual(['Beta event naming an Acme endpoint']);
    expect((await endpointOperationalEvents(b.tenantId, b.endpoints.open.id)).map((e) => e.message)).toEqual(['Beta circuit opened']);
    // The endpoint page itself is 404 across tenants, before any event is read.
    await expect(getEndpointDetail(b.tenantId, a.endpoints.open.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('gives the endpoint page the breaker, the failure clock and the events', async () => {
    const detail = await getEndpointDetail(a.tenantId, a.endpoints.open.id);
    expect(detail).toMatchObject({
      disabled: false,
      failingSince: minutesAgo(20).toISOString(),
      circuit: { state: 'open', consecutiveFailures: 12, openedAt: minutesAgo(10).toISOString(), nextProbeAt: inSeconds(45).toISOString() },
    });
    expect(detail.operationalEvents).toHaveLength(20);
    expect(detail.operationalEvents[0]!.message).toBe('Circuit opened #24');

    const disabled = await getEndpointDetail(a.tenantId, a.endpoints.disabled.id);
    expect(disabled).toMatchObject({ disabled: true, disabledReason: 'the endpoint answered 410 Gone', circuit: { state: 'closed', nextProbeAt: null } });
  });

  it("gives the endpoints list each endpoint's health columns, its tenant's endpoints only", async () => {
    const rows = await listEndpointRows(a.tenantId);
    expect(rows).toHaveLength(5);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a.endpoints.healthy.id)).toMatchObject({ disabled: false, failingSince: null, circuit: { state: 'closed' } });
    expect(byId.get(a.endpoints.failing.id)).toMatchObject({ failingSince: minutesAgo(30).toISOString(), circuit: { state: 'closed', consecutiveFailures: 3 } });
    expect(byId.get(a.endpoints.open.id)).toMatchObject({ circuit: { state: 'open', nextProbeAt: inSeconds(45).toISOString() } });
    expect(byId.get(a.endpoints.probing.id)).toMatchObject({ circuit: { state: 'half_open' } });
    expect(byId.get(a.endpoints.disabled.id)).toMatchObject({ disabled: true, disabledReason: 'the endpoint answered 410 Gone' });
  });
});

describe('GET /api/dashboard/t/:tenantId/endpoints/:endpointId', () => {
  it("answers a member with the endpoint's health and events, and 404 across tenants; no secret in it", async () => {
    const { GET } = await import('@/app/api/dashboard/t/[tenantId]/endpoints/[endpointId]/route');
    const call = (tenantId: string, endpointId: string) =>
      GET(new Request(`http://localhost/api/dashboard/t/${tenantId}/endpoints/${endpointId}`), { params: Promise.resolve({ tenantId, endpointId }) });
    const member = await createUser({ email: 'member@acme-health.test', password: 'password1', role: 'member', tenantId: a.tenantId });
    session.user = { id: member.id, email: member.email, name: null, operator: false };

    const own = await call(a.tenantId, a.endpoints.open.id);
    expect(own.status).toBe(200);
    const text = await own.text();
    const body = JSON.parse(text);
    expect(body.circuit).toMatchObject({ state: 'open', consecutiveFailures: 12 });
    expect(body.operationalEvents).toHaveLength(20);
    expect(text).not.toContain('Beta');
    expect(text).not.toContain(a.endpoints.open.secret);
    expect(text).not.toContain('whsec_');

    expect((await call(b.tenantId, b.endpoints.open.id)).status).toBe(404);
    expect((await call(a.tenantId, b.endpoints.open.id)).status).toBe(404);
    session.user = null;
  });
});

describe('the operator side', () => {
  it('lists circuit-broken endpoints among those needing attention, with the state and the next probe', async () => {
    const attention = await endpointsNeedingAttention();
    // Per tenant: one disabled, one open + one probing, one failing; the healthy one is left out.
    expect(attention).toMatchObject({ disabled: 2, circuitOpen: 4, failing: 2 });
    expect(attention.rows).toHaveLength(8);
    const kinds = attention.rows.map((r) => (r.disabledAt ? 'disabled' : r.circuitState !== 'closed' ? r.circuitState : 'failing'));
    expect(kinds).toEqual(['disabled', 'disabled', 'half_open', 'half_open', 'open', 'open', 'failing', 'failing']);
    const open = attention.rows.find((r) => r.id === a.endpoints.open.id);
    expect(open).toEqual({
      id: a.endpoints.open.id,
      url: a.endpoints.open.url,
      tenantId: a.tenantId,
      tenantName: 'Acme Health',
      disabledAt: null,
      disabledReason: null,
      failingSince: minutesAgo(20).toISOString(),
      circuitState: 'open',
      consecutiveFailures: 12,
      circuitOpenedAt: minutesAgo(10).toISOString(),
      nextProbeAt: inSeconds(45).toISOString(),
    });
    const failing = attention.rows.find((r) => r.id === b.endpoints.failing.id);
    expect(failing).toMatchObject({ tenantName: 'Beta Health', circuitState: 'closed', nextProbeAt: null, circuitOpenedAt: null });
    expect(attention.rows.some((r) => r.id === a.endpoints.healthy.id || r.id === b.endpoints.healthy.id)).toBe(false);
    expect(await endpointsNeedingAttention(3)).toMatchObject({ disabled: 2, circuitOpen: 4, failing: 2, rows: { length: 3 } });
  });

  it('lists operational events across tenants, newest first, with the tenant name and the endpoint URL while it exists', async () => {
    const events = await recentOperationalEvents();
    // 25 + 1 for Acme, 3 for Beta.
    expect(events).toHaveLength(29);
    expect(events.slice(0, 4).map((e) => [e.tenantName, e.message])).toEqual([
      ['Beta Health', 'Beta event naming an Acme endpoint'],
      ['Acme Health', 'Disabled: the endpoint answered 410 Gone'],
      ['Beta Health', 'Beta circuit opened'],
      ['Beta Health', 'Disabled: failing without a success since 2026-11-19 03:00 UTC'],
    ]);
    const times = events.map((e) => Date.parse(e.createdAt));
    expect(times.every((t, i) => i === 0 || t < times[i - 1]!)).toBe(true);

    const [crossed, disabled, betaOpened, deleted] = events;
    // An event only links an endpoint of its own tenant.
    expect(crossed).toMatchObject({ tenantId: b.tenantId, endpointId: a.endpoints.open.id, endpointUrl: null });
    expect(disabled).toMatchObject({ tenantId: a.tenantId, endpointId: a.endpoints.disabled.id, endpointUrl: a.endpoints.disabled.url, type: 'endpoint.disabled' });
    expect(betaOpened).toMatchObject({ tenantId: b.tenantId, endpointUrl: b.endpoints.open.url, type: 'endpoint.circuit_opened' });
    expect(deleted).toMatchObject({ endpointId: deletedEndpointId, endpointUrl: null });

    const limited = await recentOperationalEvents(5);
    expect(limited.map((e) => e.id)).toEqual(events.slice(0, 5).map((e) => e.id));
  });

  it('puts both in the Operations snapshot, for operators only', async () => {
    const { GET } = await import('@/app/api/dashboard/admin/operations/route');
    const call = () => GET(new Request('http://localhost/api/dashboard/admin/operations'));
    const member = await createUser({ email: 'member2@acme-health.test', password: 'password1', role: 'member', tenantId: a.tenantId });
    session.user = { id: member.id, email: member.email, name: null, operator: false };
    expect((await call()).status).toBe(404);

    session.user = { id: 'usr_op', email: 'op@hookline.test', name: null, operator: true };
    const response = await call();
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text);
    expect(body.attention).toMatchObject({ disabled: 2, circuitOpen: 4, failing: 2 });
    expect(body.attention.rows.find((r: { id: string }) => r.id === a.endpoints.open.id)).toMatchObject({ circuitState: 'open', nextProbeAt: inSeconds(45).toISOString() });
    expect(body.operationalEvents).toHaveLength(29);
    expect(body.operationalEvents[0]).toMatchObject({ tenantName: 'Beta Health', message: 'Beta event naming an Acme endpoint' });
    for (const e of [...Object.values(a.endpoints), ...Object.values(b.endpoints)]) expect(text).not.toContain(e.secret);
    session.user = null;
  });
});
