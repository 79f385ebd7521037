// The dashboard's queries against a real database: tenant scoping and roles, paging both
// ways, the endpoint-only test event, and the hourly series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '@/test/support/harness';
import { db } from '../db.ts';
import { createEndpoint } from '../endpoints/create-endpoint.ts';
import { fanOutEvent } from '../events/fan-out-event.ts';
import { tenantAccess, userTenants } from '../session/tenant-access.ts';
import { createUser } from '../users/create-user.ts';
import { endpointHealth } from './endpoint-health.ts';
import { hourlyStats } from './hourly-stats.ts';
import { listDeliveryRows } from './list-delivery-rows.ts';
import { sendTestEvent } from './send-test-event.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const event = (tenantId: string, type: string) => fanOutEvent({ tenantId, type, data: {}, idempotencyKey: null, requestHash: null });

describe('tenant access', () => {
  it('scopes users to their tenants, by role; operators reach every tenant', async () => {
    const a = await harness.newTenant('A');
    const b = await harness.newTenant('B');
    const member = await createUser({ email: 'm@a.test', password: 'password1', role: 'member', tenantId: a.id });
    const operator = await createUser({ email: 'op@x.test', password: 'password1', role: 'operator' });
    const asMember = { id: member.id, operator: false };

    await expect(tenantAccess(asMember, a.id)).resolves.toMatchObject({ role: 'member', tenant: { id: a.id } });
    await expect(tenantAccess(asMember, b.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(tenantAccess(asMember, a.id, 'endpoints.write')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await userTenants(asMember)).map((t) => t.id)).toEqual([a.id]);
    await expect(tenantAccess({ id: operator.id, operator: true }, b.id, 'endpoints.write')).resolves.toMatchObject({ role: 'operator' });
  });
});

describe('listDeliveryRows', () => {
  it('pages older with cursor and newer with before, newest first, scoped by tenant', async () => {
    const t = await harness.newTenant();
    const other = await harness.newTenant();
    await createEndpoint(t.id, { url: 'http://127.0.0.1:9/hooks' });
    await createEndpoint(other.id, { url: 'http://127.0.0.1:9/hooks' });
    for (let i = 0; i < 5; i++) await event(t.id, `page.${i}`);
    await event(other.id, 'page.other');

    const first = await listDeliveryRows(t.id, { limit: '2' });
    expect(first.data.map((d) => d.eventType)).toEqual(['page.4', 'page.3']);
    expect(first.prevCursor).toBeNull();
    const second = await listDeliveryRows(t.id, { limit: '2', cursor: first.nextCursor! });
    expect(second.data.map((d) => d.eventType)).toEqual(['page.2', 'page.1']);
    const back = await listDeliveryRows(t.id, { limit: '2', before: second.prevCursor! });
    expect(back.data.map((d) => d.eventType)).toEqual(['page.4', 'page.3']);
    expect(back.prevCursor).toBeNull();
    const last = await listDeliveryRows(t.id, { limit: '2', cursor: second.nextCursor! });
    expect(last.data.map((d) => d.eventType)).toEqual(['page.0']);
    expect(last.nextCursor).toBeNull();

    expect((await listDeliveryRows(t.id, { eventType: 'page.other' })).data).toHaveLength(0);
    // Bad filter values in a URL are ignored, not a crash.
    expect((await listDeliveryRows(t.id, { status: 'nonsense', range: '24h' })).data).toHaveLength(5);
  });
});

describe('sendTestEvent', () => {
  it('delivers to the one endpoint, whatever its event-type filter', async () => {
    const t = await harness.newTenant();
    const target = await createEndpoint(t.id, { url: 'http://127.0.0.1:9/a', eventTypes: ['invoice.paid'] });
    await createEndpoint(t.id, { url: 'http://127.0.0.1:9/b' });
    const sent = await sendTestEvent(t.id, target.id);
    const deliveries = await db().delivery.findMany({ where: { eventId: sent.eventId } });
    expect(deliveries.map((d) => d.endpointId)).toEqual([target.id]);
    const other = await harness.newTenant();
    await expect(sendTestEvent(other.id, target.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('hourlyStats and endpointHealth', () => {
  it('counts this hour by status and reports the attempt success rate', async () => {
    const t = await harness.newTenant();
    const endpoint = await createEndpoint(t.id, { url: 'http://127.0.0.1:9/hooks' });
    const one = await event(t.id, 'stats.one');
    await event(t.id, 'stats.two');
    const deliveryId = one.deliveries[0]!.id;
    await db().delivery.update({ where: { id: deliveryId }, data: { status: 'succeeded', attemptCount: 1 } });
    await db().attempt.create({
      data: { id: 'atm_test1', deliveryId, number: 1, trigger: 'automatic', startedAt: new Date(), durationMs: 40, succeeded: true, statusCode: 200, requestHeaders: {} },
    });

    const series = await hourlyStats(t.id, { endpointId: endpoint.id });
    expect(series).toHaveLength(24);
    expect(series.at(-1)).toMatchObject({ succeeded: 1, pending: 1, failed: 0, p50Ms: 40 });

    const health = (await endpointHealth(t.id)).get(endpoint.id);
    expect(health).toMatchObject({ attempts: 1, succeeded: 1, successRate: 1, lastStatusCode: 200, lastSucceeded: true });
  });
});
