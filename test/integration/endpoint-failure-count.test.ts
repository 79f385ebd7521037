// How a failed attempt counts on its endpoint (lib/delivery/record-attempt.ts,
// recordCommonFailure). The attempt, the delivery's next retry and the endpoint's count
// go over pg, the count sent with the COMMIT in one round trip, so the endpoint's row
// lock is held only while the database runs it; when the count is not all that changes
// (the circuit opens, the endpoint is to be disabled), the rest follows under the row's
// lock in a transaction of its own (record-endpoint-failure.ts); exhausted retries go
// through Prisma whole. Many failures of one endpoint recorded at once — an endpoint that
// hangs times out all its attempts together — must each count once and leave one attempt
// row, and the circuit must open exactly once, with one operational event.
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
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

function failure(endpointId: string, row: { id: string; job_token: string }, threshold: number, maxAttempts = retryPolicy().maxAttempts): AttemptRecord {
  return {
    job: { deliveryId: row.id, token: row.job_token, trigger: 'automatic', lane: 'first' },
    endpointId,
    startedAt: new Date(),
    requestHeaders: { 'content-type': 'application/json' },
    result: { ok: false, statusCode: 500, responseHeaders: {}, responseBody: 'no', errorClass: 'http_status', errorMessage: 'endpoint answered HTTP 500', durationMs: 1, retryAfterMs: null },
    policy: { ...retryPolicy(), maxAttempts },
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
  // Those that went through Prisma after a rollback left no second attempt row.
  const [counts] = await db().$queryRaw<{ attempts: number; deliveries: number }[]>`
    select count(*)::int as attempts, count(distinct a.delivery_id)::int as deliveries
      from attempts a join deliveries d on d.id = a.delivery_id where d.endpoint_id = ${endpointId}`;
  expect(counts).toEqual({ attempts: 12, deliveries: 12 });
});

it('ends a delivery whose retries are exhausted with one attempt row, its retry not scheduled', async () => {
  const { endpointId, rows } = await pendingDeliveries(1);
  const outcome = await recordAttempt(failure(endpointId, rows[0]!, 50, 1));
  expect(outcome).toMatchObject({ number: 1, status: 'failed', nextAttemptAt: null });
  const [delivery] = await db().$queryRaw<{ status: string; job_token: string | null; attempts: number }[]>`
    select d.status, d.job_token, (select count(*) from attempts a where a.delivery_id = d.id)::int as attempts from deliveries d where d.id = ${rows[0]!.id}`;
  expect(delivery).toEqual({ status: 'failed', job_token: null, attempts: 1 });
  const [endpoint] = await db().$queryRaw<{ consecutive_failures: number }[]>`select consecutive_failures from endpoints where id = ${endpointId}`;
  expect(endpoint!.consecutive_failures).toBe(1);
});

it('records a common failure in one transaction whose endpoint count goes with its commit, and opens a circuit under the row’s lock after it', async () => {
  const { endpointId, rows } = await pendingDeliveries(3);
  const sent = vi.spyOn(pg.Client.prototype, 'query');
  const statements = () => sent.mock.calls.map(([config]) => (typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? '')));
  try {
    await recordAttempt(failure(endpointId, rows[0]!, 2));
    expect(statements().some((text) => /for no key update/.test(text))).toBe(false);
    expect(statements().filter((text) => /consecutive_failures \+ 1 < 2\)[\s\S]*; commit$/.test(text))).toHaveLength(1);
    sent.mockClear();
    // The second failure reaches the threshold of 2: counted under the lock, after the commit.
    const opened = await recordAttempt(failure(endpointId, rows[1]!, 2));
    expect(opened).toMatchObject({ status: 'retrying', circuitOpened: true });
    expect(statements().some((text) => /from endpoints where id = \$1 for no key update/.test(text))).toBe(true);
  } finally {
    sent.mockRestore();
  }
  const [endpoint] = await db().$queryRaw<{ consecutive_failures: number; circuit_state: string }[]>`select consecutive_failures, circuit_state from endpoints where id = ${endpointId}`;
  expect(endpoint).toEqual({ consecutive_failures: 2, circuit_state: 'open' });
  const [attempts] = await db().$queryRaw<{ n: number }[]>`select count(*)::int as n from attempts a join deliveries d on d.id = a.delivery_id where d.endpoint_id = ${endpointId}`;
  expect(attempts!.n).toBe(2);
});
