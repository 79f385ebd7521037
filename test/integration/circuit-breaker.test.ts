// Endpoint health: the circuit breaker (failures in a row hold an endpoint's deliveries,
// one probe at a time finds out when it is back) and 410 Gone, which disables at once.
// Both leave operational events the tenant and the operator can read.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { settled, workerSuite } from '../support/deliveries.ts';
import { waitFor } from '../support/wait-for.ts';

// Opens after 3 failures in a row; probes after 1 s, then 2 s, 4 s. Retries every 200 ms
// and up to 60 attempts, so without the breaker an endpoint would be hit 5 times a second
// per delivery.
const suite = workerSuite({
  CIRCUIT_FAILURE_THRESHOLD: '3',
  CIRCUIT_COOLDOWN: '1s',
  CIRCUIT_MAX_COOLDOWN: '4s',
  RETRY_DELAYS: '200ms',
  RETRY_MAX_ATTEMPTS: '60',
  ENDPOINT_BUSY_DELAY: '100ms',
});

async function sendEvents(api: Awaited<ReturnType<typeof suite.harness.newTenant>>['api'], count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);
  return ids;
}

function operationalEvents(endpointId: string) {
  return db().operationalEvent.findMany({ where: { endpointId }, orderBy: { id: 'asc' } });
}

describe('circuit breaker', () => {
  it('holds deliveries while open, lets one probe through at a time, and on a success closes and sends every held delivery', async () => {
    const { api } = await suite.harness.newTenant();
    let healthy = false;
    let inFlight = 0;
    let maxInFlightWhileOpen = 0;
    let open = false;
    const rx = await suite.receivers.start(async () => {
      inFlight++;
      if (open) maxInFlightWhileOpen = Math.max(maxInFlightWhileOpen, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inFlight--;
      return healthy ? { status: 200 } : { status: 500 };
    });
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const ids = await sendEvents(api, 10);

    const opened = await waitFor(
      async () => {
        const got = await api('GET', `/api/v1/endpoints/${ep.body.id}`);
        return got.body.circuit.state === 'open' ? got.body : null;
      },
      { what: 'the circuit to open' },
    );
    open = true;
    expect(opened.circuit).toMatchObject({ state: 'open', openedAt: expect.any(String), nextProbeAt: expect.any(String) });
    expect(opened.circuit.consecutiveFailures).toBeGreaterThanOrEqual(3);
    expect(opened.disabled).toBe(false);

    // An event accepted while it is open is queued to wait for the probe time, at the
    // waiting priority, rather than taken now only to be put back.
    const [heldAtIngest] = await sendEvents(api, 1);
    ids.push(heldAtIngest!);
    const heldDelivery = await db().delivery.findFirstOrThrow({ where: { eventId: heldAtIngest } });
    const [heldJob] = await db().$queryRaw<{ run_at: Date; priority: number }[]>`
      select run_at, priority from graphile_worker.jobs where key = ${`delivery:${heldDelivery.id}`}`;
    expect(heldJob!.priority).toBe(2);
    expect(heldJob!.run_at.getTime()).toBeGreaterThanOrEqual(new Date(opened.circuit.nextProbeAt).getTime());

    // Two probes fail (after 1 s, then 2 s); meanwhile nothing else reaches the endpoint.
    const atOpen = rx.requests.length;
    await waitFor(
      async () => {
        const row = await db().endpoint.findUniqueOrThrow({ where: { id: ep.body.id } });
        return row.circuitTrips >= 2;
      },
      { what: 'two failed probes' },
    );
    // Attempts already in flight when it opened (at most the worker's 2 slots for one
    // endpoint) and the two probes; retrying every 200 ms would have sent dozens.
    expect(rx.requests.length - atOpen).toBeLessThanOrEqual(2 + 2);
    expect(maxInFlightWhileOpen).toBe(1);
    const held = await db().delivery.count({ where: { eventId: { in: ids }, status: { in: ['pending', 'retrying'] } } });
    expect(held).toBe(11);

    healthy = true;
    for (const id of ids) expect((await settled(id)).status).toBe('succeeded');
    const closed = await api('GET', `/api/v1/endpoints/${ep.body.id}`);
    expect(closed.body.circuit).toEqual({ state: 'closed', consecutiveFailures: 0, openedAt: null, nextProbeAt: null });
    expect(closed.body.failingSince).toBeNull();

    const events = await operationalEvents(ep.body.id);
    expect(events.map((e) => e.type)).toEqual(['endpoint.circuit_opened', 'endpoint.circuit_closed']);
    expect(events[0]!.message).toMatch(/^Circuit opened after 3 failed attempts in a row/);
  });

  it('lets a manual retry through an open circuit, and its success closes it', async () => {
    const { api } = await suite.harness.newTenant();
    let healthy = false;
    const rx = await suite.receivers.start(() => (healthy ? { status: 200 } : { status: 503 }));
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const [first, ...rest] = await sendEvents(api, 3);
    await waitFor(async () => (await db().endpoint.findUniqueOrThrow({ where: { id: ep.body.id } })).circuitState === 'open', { what: 'the circuit to open' });
    // Push the probe far out, as a long cooldown would.
    await db().endpoint.update({ where: { id: ep.body.id }, data: { circuitRetryAt: new Date(Date.now() + 60 * 60_000) } });

    healthy = true;
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId: first } });
    const before = rx.requests.length;
    expect((await api('POST', `/api/v1/deliveries/${delivery.id}/retry`)).status).toBe(202);
    expect((await settled(first!)).status).toBe('succeeded');
    expect(rx.requests.length).toBeGreaterThan(before);
    // The success closed the circuit and woke the held deliveries.
    for (const id of rest) expect((await settled(id)).status).toBe('succeeded');
    expect((await db().endpoint.findUniqueOrThrow({ where: { id: ep.body.id } })).circuitState).toBe('closed');
  });

  it('recovering an endpoint sends its probe at once', async () => {
    const { api } = await suite.harness.newTenant();
    let healthy = false;
    const rx = await suite.receivers.start(() => (healthy ? { status: 200 } : { status: 500 }));
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const since = new Date(Date.now() - 1000).toISOString();
    const ids = await sendEvents(api, 3);
    await waitFor(async () => (await db().endpoint.findUniqueOrThrow({ where: { id: ep.body.id } })).circuitState === 'open', { what: 'the circuit to open' });
    await db().endpoint.update({ where: { id: ep.body.id }, data: { circuitRetryAt: new Date(Date.now() + 60 * 60_000) } });
    // End the deliveries by hand, as if their attempts had run out while it was down.
    await db().delivery.updateMany({ where: { eventId: { in: ids } }, data: { status: 'failed', jobToken: null, nextAttemptAt: null } });

    healthy = true;
    const recovered = await api('POST', `/api/v1/endpoints/${ep.body.id}/recover`, { body: { since } });
    expect(recovered.body.recovered).toBe(3);
    await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: 'succeeded' } })) === 3, {
      what: 'the recovered deliveries to succeed (the probe was an hour away)',
    });
  });

  it('does not open on failures spread between successes', async () => {
    const { api } = await suite.harness.newTenant();
    // Fails twice, succeeds once, over and over: never 3 failures in a row.
    const rx = await suite.receivers.start((_, i) => (i % 3 === 2 ? { status: 200 } : { status: 500 }));
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url, ordered: true } });
    const ids = await sendEvents(api, 4);
    for (const id of ids) expect((await settled(id)).status).toBe('succeeded');
    expect(rx.requests).toHaveLength(12);
    expect(await operationalEvents(ep.body.id)).toEqual([]);
  });
});

describe('circuit breaker on an ordered endpoint', () => {
  it('probes with the earliest delivery, so a recovered endpoint gets every held event, in order', async () => {
    const { api } = await suite.harness.newTenant();
    let healthy = false;
    const rx = await suite.receivers.start(() => (healthy ? { status: 200 } : { status: 500 }));
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url, ordered: true } });
    const ids = await sendEvents(api, 30);
    await waitFor(async () => (await db().endpoint.findUniqueOrThrow({ where: { id: ep.body.id } })).circuitState === 'open', { what: 'the circuit to open' });
    healthy = true;
    // Later deliveries must not claim the probe only to wait for the first one: each
    // such claim held the endpoint for the probe's lease (6 s here) with nothing sent.
    await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: 'succeeded' } })) === 30, {
      what: 'all 30 held deliveries to an ordered endpoint after it recovered',
    });
    const successes = rx.requests.filter((_, i) => i >= rx.requests.length - 30).map((r) => String(r.headers['webhook-id']));
    expect(successes).toEqual(ids);
  });
});

describe('410 Gone', () => {
  it('disables the endpoint at once with the reason, ends its deliveries, and records an operational event', async () => {
    const { api } = await suite.harness.newTenant();
    const rx = await suite.receivers.start(() => ({ status: 410, body: 'this hook was removed' }));
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
    const [first] = await sendEvents(api, 1);
    const delivery = await settled(first!);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual([410]);

    const got = await api('GET', `/api/v1/endpoints/${ep.body.id}`);
    expect(got.body).toMatchObject({ disabled: true, disabledReason: 'the endpoint answered 410 Gone' });
    const events = await operationalEvents(ep.body.id);
    expect(events).toMatchObject([{ type: 'endpoint.disabled', message: 'Disabled: the endpoint answered 410 Gone' }]);

    // Disabled: new events no longer fan out to it, and the receiver hears nothing more.
    const later = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    expect(later.body.deliveries).toEqual([]);
    expect(rx.requests).toHaveLength(1);

    // Enabling it again starts afresh.
    const enabled = await api('PATCH', `/api/v1/endpoints/${ep.body.id}`, { body: { disabled: false } });
    expect(enabled.body).toMatchObject({ disabled: false, disabledReason: null, failingSince: null, circuit: { state: 'closed', consecutiveFailures: 0 } });
  });
});
