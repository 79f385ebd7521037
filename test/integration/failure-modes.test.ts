// How the worker treats the answers PRODUCT.md singles out: 429 with Retry-After,
// redirects, huge error bodies, and an endpoint that keeps failing until it is disabled.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { queuedJobs } from '../support/queued-jobs.ts';
import { settled, workerSuite } from '../support/deliveries.ts';
import { waitFor } from '../support/wait-for.ts';

// An endpoint is disabled after failing for 1.5 s here (5 days by default).
const suite = workerSuite({ ENDPOINT_DISABLE_AFTER: '1500ms', RETRY_DELAYS: '200ms,400ms,800ms', RETRY_MAX_ATTEMPTS: '8' });
const receiver = (...args: Parameters<typeof suite.receivers.start>) => suite.receivers.start(...args);

describe('failure modes', () => {
  it('waits at least as long as Retry-After asks on a 429', async () => {
    const { api } = await suite.harness.newTenant();
    const rx = await receiver((_, i) => (i === 0 ? { status: 429, body: 'slow down', headers: { 'retry-after': '2' } } : { status: 200 }));
    await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    const delivery = await settled(sent.body.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    expect(delivery.attempts[0]!.responseHeaders).toMatchObject({ 'retry-after': '2' });
    // The schedule alone would retry after 200 ms; the server asked for 2 s.
    expect(rx.requests[1]!.at - rx.requests[0]!.at).toBeGreaterThanOrEqual(1900);
  });

  it('does not follow redirects: a 302 is a failed attempt and its target is never called', async () => {
    const { api } = await suite.harness.newTenant();
    const target = await receiver();
    const rx = await receiver(() => ({ status: 302, headers: { location: target.url } }));
    await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    const delivery = await settled(sent.body.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.every((a) => a.statusCode === 302 && a.errorClass === 'http_status')).toBe(true);
    expect(target.requests).toHaveLength(0);
  });

  it('keeps the first 64 KiB of a huge error body', async () => {
    const { api } = await suite.harness.newTenant();
    const huge = 'x'.repeat(200 * 1024);
    const rx = await receiver((_, i) => (i === 0 ? { status: 500, body: huge } : { status: 200 }));
    await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    const delivery = await settled(sent.body.id);
    expect(delivery.attempts[0]!.responseBody).toHaveLength(64 * 1024);
    expect(delivery.attempts[0]!.responseBody).toBe(huge.slice(0, 64 * 1024));
  });

  it('disables an endpoint that fails without a success for ENDPOINT_DISABLE_AFTER, and says why', async () => {
    const { api } = await suite.harness.newTenant();
    const rx = await receiver(() => ({ status: 500, body: 'still broken' }));
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const first = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });

    const disabled = await waitFor(async () => {
      const read = await api('GET', `/api/v1/endpoints/${ep.body.id}`);
      return read.body.disabled ? read.body : null;
    }, { what: 'the endpoint to be disabled' });
    expect(disabled.disabledReason).toMatch(/^failing without a success since \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(disabled.disabledAt).not.toBeNull();
    // The delivery in flight ends failed with the reason; new events no longer fan out to it.
    const delivery = await settled(first.body.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.lastError === 'endpoint answered HTTP 500' || delivery.lastError?.startsWith('endpoint disabled:')).toBe(true);
    // A retry scheduled in the transaction that disabled the endpoint was cancelled: its job ends without an attempt.
    const attempts = delivery.attempts.length;
    await waitFor(async () => {
      return (await queuedJobs([first.body.deliveries[0].id])).length === 0;
    }, { what: 'no job left for the failed delivery' });
    expect((await settled(first.body.id)).attempts).toHaveLength(attempts);
    const later = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    expect(later.body.deliveries).toEqual([]);
    // Re-enabling clears the failure clock.
    const enabled = await api('PATCH', `/api/v1/endpoints/${ep.body.id}`, { body: { disabled: false } });
    expect(enabled.body).toMatchObject({ disabled: false, disabledReason: null });
    expect((await db().endpoint.findUniqueOrThrow({ where: { id: ep.body.id } })).failingSince).toBeNull();
  });

  it('a success resets the failure clock', async () => {
    const { api } = await suite.harness.newTenant();
    const rx = await receiver((_, i) => (i === 0 ? { status: 500 } : { status: 200 }));
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    expect((await settled(sent.body.id)).status).toBe('succeeded');
    const row = await db().endpoint.findUniqueOrThrow({ where: { id: ep.body.id } });
    expect(row.failingSince).toBeNull();
    expect(row.disabledAt).toBeNull();
  });
});
