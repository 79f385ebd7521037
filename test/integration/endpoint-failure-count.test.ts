// A failed attempt counts on its endpoint in the attempt's own transaction, under the
// endpoint's row lock (lib/delivery/record-endpoint-failure.ts). Many failures of one
// endpoint recorded at once — an endpoint that hangs times out all its attempts together —
// must each count once, and the circuit must open exactly once, with one operational event.
// A guard for any change that takes that count out of the lock (one was tried: moving it
// after the commit, as one statement, did not make the records faster; docs/benchmark.md,
// "Tenth round").
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { circuitPolicy } from '@/lib/delivery/circuit-breaker';
import { recordAttempt, type AttemptRecord } from '@/lib/delivery/record-attempt';
import { retryPolicy } from '@/lib/delivery/retry-policy';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** `n` pending deliveries to one new endpoint (no worker runs: their jobs just wait). */
async function pendingDeliveries(n: number) {
  const tenant = await harness.newTenant();
  const endpoint = await createEndpoint(tenant.id, { url: 'http://127.0.0.1:9/fails' });
  for (let i = 0; i < n; i++) {
    const sent = await tenant.api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } });
    expect(sent.status).toBe(202);
  }
  const rows = await db().$queryRaw<{ id: string; job_token: string }[]>`select id, job_token from deliveries where endpoint_id = ${endpoint.id} order by id`;
  expect(rows).toHaveLength(n);
  return { endpointId: endpoint.id, tenantId: tenant.id, rows };
}

function failure(endpointId: string, row: { id: string; job_token: string }, threshold: number): AttemptRecord {
  return {
    job: { deliveryId: row.id, token: row.job_token, trigger: 'automatic', lane: 'first' },
    endpointId,
    startedAt: new Date(),
    requestHeaders: { 'content-type': 'application/json' },
    result: { ok: false, statusCode: 500, responseHeaders: {}, responseBody: 'no', errorClass: 'http_status', errorMessage: 'endpoint answered HTTP 500', durationMs: 1, retryAfterMs: null },
    policy: retryPolicy(),
    disableAfterMs: 86_400_000,
    circuit: { ...circuitPolicy(), threshold },
  };
}

it('counts every one of many failures recorded at once, the circuit closed below its threshold', async () => {
  const { endpointId, rows } = await pendingDeliveries(20);
  const outcomes = await Promise.all(rows.map((row) => recordAttempt(failure(endpointId, row, 50))));
  expect(outcomes.every((o) => o?.status === 'retrying' && !o.circuitOpened && !o.endpointDisabled)).toBe(true);
  const [endpoint] = await db().$queryRaw<{ consecutive_failures: number; circuit_state: string; failing_since: Date | null }[]>`
    select consecutive_failures, circuit_state, failing_since from endpoints where id = ${endpointId}`;
  expect(endpoint).toMatchObject({ consecutive_failures: 20, circuit_state: 'closed' });
  expect(endpoint!.failing_since).toBeInstanceOf(Date);
  // Every delivery has its attempt and a retry scheduled.
  const [counts] = await db().$queryRaw<{ attempts: number; retrying: number }[]>`
    select (select count(*) from attempts a join deliveries d on d.id = a.delivery_id where d.endpoint_id = ${endpointId})::int as attempts,
           (select count(*) from deliveries where endpoint_id = ${endpointId} and status = 'retrying' and next_attempt_at is not null)::int as retrying`;
  expect(counts).toEqual({ attempts: 20, retrying: 20 });
});

it('opens the circuit exactly once when failures recorded at once cross its threshold, with one operational event', async () => {
  const { endpointId, rows } = await pendingDeliveries(12);
  const outcomes = await Promise.all(rows.map((row) => recordAttempt(failure(endpointId, row, 5))));
  expect(outcomes.filter((o) => o?.circuitOpened)).toHaveLength(1);
  const [endpoint] = await db().$queryRaw<{ consecutive_failures: number; circuit_state: string; circuit_retry_at: Date | null; circuit_trips: number }[]>`
    select consecutive_failures, circuit_state, circuit_retry_at, circuit_trips from endpoints where id = ${endpointId}`;
  expect(endpoint).toMatchObject({ consecutive_failures: 12, circuit_state: 'open', circuit_trips: 0 });
  expect(endpoint!.circuit_retry_at!.getTime()).toBeGreaterThan(Date.now());
  const events = await db().$queryRaw<{ type: string; message: string }[]>`select type, message from operational_events where endpoint_id = ${endpointId}`;
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ type: 'endpoint.circuit_opened' });
  expect(events[0]!.message).toMatch(/^Circuit opened after 5 failed attempts in a row/);
});
