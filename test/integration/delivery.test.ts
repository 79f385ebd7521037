// The pipeline end to end: API → Postgres (event, deliveries, jobs in one
// transaction) → a real worker → a real HTTP receiver on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { db } from '@/lib/db';
import { verifySignature } from '@/lib/signing/verify-signature';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { freePort } from '../support/free-port.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { deliveryOf, receiverPool, settled } from '../support/deliveries.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let worker: RunningWorker;
let metricsPort: number;
const receivers = receiverPool();
const receiver = receivers.start;

beforeAll(async () => {
  metricsPort = await freePort();
  harness = await startHarness({ WORKER_METRICS_PORT: String(metricsPort) });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await receivers.closeAll();
  await harness?.close();
});




describe('delivery', () => {
  it('sends exactly the documented headers and body, signed so Standard Webhooks verifies it', async () => {
    const { api } = await harness.newTenant();
    const rx = await receiver();
    const created = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_/);

    const sent = await api('POST', '/api/v1/events', { body: { type: 'invoice.paid', data: { amount: 4200, currency: 'EUR', note: 'ünïcødé' } } });
    expect(sent.status).toBe(202);
    expect(sent.body.deliveries).toHaveLength(1);

    const delivery = await settled(sent.body.id);
    expect(delivery.status).toBe('succeeded');
    expect(rx.requests).toHaveLength(1);
    const request = rx.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toBe(sent.body.id);
    const timestamp = Number(request.headers['webhook-timestamp']);
    expect(Number.isInteger(timestamp)).toBe(true);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(300);
    expect(JSON.parse(request.body)).toEqual({
      type: 'invoice.paid',
      timestamp: sent.body.createdAt,
      data: { amount: 4200, currency: 'EUR', note: 'ünïcødé' },
    });
    const signature = String(request.headers['webhook-signature']);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifySignature({ header: signature, id: sent.body.id, timestamp, body: request.body, secret })).toBe(true);
    // The official library, unchanged, accepts it.
    const verified = new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': signature,
    });
    expect(verified).toEqual(JSON.parse(request.body));
    // The attempt log holds the exact headers sent.
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]!.requestHeaders).toMatchObject({ 'webhook-id': sent.body.id, 'webhook-signature': signature });
  });

  it('retries a receiver that answers 500 twice, recording each attempt, and ends succeeded on the 200', async () => {
    const { api } = await harness.newTenant();
    const rx = await receiver((_, i) => (i < 2 ? { status: 500, body: `boom ${i + 1}` } : { status: 200, body: 'finally' }));
    await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { n: 1 } } });

    const delivery = await settled(sent.body.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((a) => [a.number, a.statusCode, a.succeeded, a.responseBody, a.errorClass])).toEqual([
      [1, 500, false, 'boom 1', 'http_status'],
      [2, 500, false, 'boom 2', 'http_status'],
      [3, 200, true, 'finally', null],
    ]);
    // One stable webhook-id across retries; a fresh timestamp and signature each time.
    expect(new Set(rx.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([sent.body.id]));
    expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);
    // Attempts are spaced by the schedule (200 ms, then 300 ms; no jitter in tests).
    expect(rx.requests[1]!.at - rx.requests[0]!.at).toBeGreaterThanOrEqual(190);
    expect(rx.requests[2]!.at - rx.requests[1]!.at).toBeGreaterThanOrEqual(290);

    const read = await api('GET', `/api/v1/deliveries/${delivery.id}`);
    expect(read.status).toBe(200);
    expect(read.body.attempts).toHaveLength(3);
    expect(read.body.attempts[0]).toMatchObject({ number: 1, statusCode: 500, responseBody: 'boom 1', trigger: 'automatic' });
  });

  it('times out a receiver that never answers, and retries it until attempts run out', async () => {
    const { api } = await harness.newTenant();
    const rx = await receiver(() => 'hang');
    await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });

    const delivery = await waitFor(async () => {
      const d = await deliveryOf(sent.body.id);
      return d.status === 'failed' ? d : null;
    }, { timeoutMs: 30_000, what: 'the hanging delivery to fail' });
    expect(delivery.attemptCount).toBe(5); // RETRY_MAX_ATTEMPTS in the test environment
    expect(delivery.attempts.every((a) => a.errorClass === 'timeout' && a.statusCode === null)).toBe(true);
    expect(delivery.attempts.every((a) => a.durationMs >= 900)).toBe(true); // DELIVERY_TIMEOUT = 1 s
    expect(rx.requests).toHaveLength(5);
    expect(delivery.nextAttemptAt).toBeNull();
  });

  it('records dropped connections and refused connections with their error class', async () => {
    const { api } = await harness.newTenant();
    const rx = await receiver((_, i) => (i === 0 ? 'drop' : { status: 204 }));
    await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const closed = await receiver();
    const refusedUrl = closed.url;
    await closed.close();
    await api('POST', '/api/v1/endpoints', { body: { url: refusedUrl, eventTypes: ['only.refused'] } });

    const dropped = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    const d1 = await settled(dropped.body.id);
    expect(d1.status).toBe('succeeded');
    expect(d1.attempts[0]!.errorClass).toBe('reset');
    expect(d1.attempts[1]!.statusCode).toBe(204);

    const refused = await api('POST', '/api/v1/events', { body: { type: 'only.refused', data: {} } });
    const deliveries = await db().delivery.findMany({ where: { eventId: refused.body.id }, include: { attempts: true, endpoint: true } });
    const toClosed = deliveries.find((d) => d.endpoint.url === refusedUrl)!;
    // The event also went to the catch-all endpoint: wait for this delivery in particular.
    await waitFor(async () => (await db().delivery.findUniqueOrThrow({ where: { id: toClosed.id } })).status === 'failed', {
      what: 'the delivery to the closed port to fail',
    });
    const attempts = await db().attempt.findMany({ where: { deliveryId: toClosed.id } });
    expect(attempts).toHaveLength(5); // RETRY_MAX_ATTEMPTS
    expect(attempts.every((a) => a.errorClass === 'connection_refused')).toBe(true);
  });

  it('creates no delivery for an endpoint that does not subscribe to the event type', async () => {
    const { api } = await harness.newTenant();
    const rx = await receiver();
    const invoices = await api('POST', '/api/v1/endpoints', { body: { url: rx.url, eventTypes: ['invoice.paid', 'invoice.voided'] } });
    const everything = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });

    const sent = await api('POST', '/api/v1/events', { body: { type: 'user.created', data: {} } });
    expect(sent.body.deliveries).toEqual([{ id: expect.any(String), endpointId: everything.body.id }]);
    const rows = await db().delivery.findMany({ where: { eventId: sent.body.id } });
    expect(rows.map((r) => r.endpointId)).toEqual([everything.body.id]);

    const paid = await api('POST', '/api/v1/events', { body: { type: 'invoice.paid', data: {} } });
    expect(paid.body.deliveries.map((d: { endpointId: string }) => d.endpointId).sort()).toEqual([invoices.body.id, everything.body.id].sort());
  });

  it('makes one immediate extra attempt on manual retry, and the new attempt shows up', async () => {
    const { api } = await harness.newTenant();
    let healthy = false;
    const rx = await receiver(() => (healthy ? { status: 200, body: 'fixed' } : { status: 503, body: 'down for maintenance' }));
    await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    const failed = await settled(sent.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.attemptCount).toBe(5);

    healthy = true;
    const retried = await api('POST', `/api/v1/deliveries/${failed.id}/retry`);
    expect(retried.status).toBe(202);
    const done = await waitFor(async () => {
      const d = await deliveryOf(sent.body.id);
      return d.status === 'succeeded' ? d : null;
    }, { what: 'the manual retry to succeed' });
    expect(done.attemptCount).toBe(6);
    expect(done.attempts.at(-1)).toMatchObject({ number: 6, trigger: 'manual', statusCode: 200, responseBody: 'fixed' });
  });

  it('recovers every failed delivery of an endpoint since a time', async () => {
    const { api } = await harness.newTenant();
    let healthy = false;
    const rx = await receiver(() => (healthy ? { status: 200 } : { status: 500 }));
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const since = new Date(Date.now() - 1000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);
    for (const id of ids) expect((await settled(id)).status).toBe('failed');

    healthy = true;
    const recovered = await api('POST', `/api/v1/endpoints/${ep.body.id}/recover`, { body: { since } });
    expect(recovered.status).toBe(202);
    expect(recovered.body.recovered).toBe(3);
    for (const id of ids) {
      await waitFor(async () => (await deliveryOf(id)).status === 'succeeded', { what: `recovery of ${id}` });
    }
  });

  it("counts attempts by outcome in the worker's Prometheus metrics", async () => {
    const live = await fetch(`http://127.0.0.1:${metricsPort}/health/live`);
    expect(live.status).toBe(200);
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    // Earlier tests in this file made successful, http_status and timeout attempts.
    expect(text).toMatch(/hookline_delivery_attempts_total\{outcome="succeeded",status_class="2xx"\} [1-9]/);
    expect(text).toMatch(/hookline_delivery_attempts_total\{outcome="http_status",status_class="5xx"\} [1-9]/);
    expect(text).toMatch(/hookline_delivery_attempts_total\{outcome="timeout",status_class="none"\} [1-9]/);
    expect(text).toMatch(/hookline_delivery_attempt_duration_seconds_count [1-9]/);
  });

  it('a manual retry during an attempt in flight takes over the schedule: no extra automatic attempt follows', async () => {
    const { api } = await harness.newTenant();
    let release: (() => void) | undefined;
    const rx = await receiver((_, i) =>
      i === 0 ? new Promise((resolve) => (release = () => resolve({ status: 500, body: 'slow failure' }))) : { status: 200, body: 'ok' },
    );
    await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    await waitFor(() => rx.requests.length === 1, { what: 'the first attempt to be in flight' });
    const deliveryId = sent.body.deliveries[0].id;

    expect((await api('POST', `/api/v1/deliveries/${deliveryId}/retry`)).status).toBe(202);
    await waitFor(() => rx.requests.length === 2, { what: 'the manual attempt' });
    release!(); // the automatic attempt now fails, after the manual one succeeded

    const done = await waitFor(async () => {
      const d = await deliveryOf(sent.body.id);
      return d.attemptCount === 2 ? d : null;
    }, { what: 'both attempts to be recorded' });
    expect(done.status).toBe('succeeded');
    expect(done.jobToken).toBeNull();
    expect(done.nextAttemptAt).toBeNull();
    expect(done.attempts.map((a) => [a.trigger, a.statusCode]).sort()).toEqual([['automatic', 500], ['manual', 200]]);
    const queued = await db().$queryRaw<unknown[]>`select 1 from graphile_worker.jobs where key = ${`delivery:${deliveryId}`}`;
    expect(queued).toEqual([]); // nothing left to run for this delivery
  });
});
