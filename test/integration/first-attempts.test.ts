// Worker capacity kept for first attempts: a backlog of automatic retries to endpoints
// that hang fills the shared slots, never the reserved one, so a fresh event to a
// healthy endpoint goes at once. WORKER_CONCURRENCY 4 → 1 slot reserved, 3 shared.
// The per-endpoint cap and the circuit breaker are turned off here, so the reservation
// is the only thing between the retries and the fresh event. A worker sends a failing
// endpoint one attempt at a time, so three endpoints are what fills the three slots.
import { expect, it } from 'vitest';
import { db } from '@/lib/db';
import { workerSuite } from '../support/deliveries.ts';
import { waitFor } from '../support/wait-for.ts';

const suite = workerSuite({
  WORKER_CONCURRENCY: '4',
  ENDPOINT_CONCURRENCY: '4',
  CIRCUIT_FAILURE_THRESHOLD: '0',
  // Long enough that a healthy delivery queued behind the hanging retries would time the test out.
  DELIVERY_TIMEOUT: '60s',
  RETRY_DELAYS: '200ms',
  RETRY_MAX_ATTEMPTS: '10',
  WORKER_SHUTDOWN_GRACE: '200ms',
});

it('delivers a fresh event while every shared slot is held by a hanging retry', async () => {
  const { api } = await suite.harness.newTenant();
  let mode: 'fail' | 'hang' = 'fail';
  let hanging = 0;
  const bad = await suite.receivers.start(() => {
    if (mode === 'fail') return { status: 500 };
    hanging++;
    return 'hang';
  });
  const good = await suite.receivers.start();
  // Three endpoints on the same receiver, each subscribed to every `to.bad` event.
  for (const path of ['a', 'b', 'c']) await api('POST', '/api/v1/endpoints', { body: { url: `${bad.url}/${path}`, eventTypes: ['to.bad'] } });
  await api('POST', '/api/v1/endpoints', { body: { url: good.url, eventTypes: ['to.good'] } });

  // Six deliveries to the bad endpoints fail their first attempt; from then on their
  // retries hang (60 s each).
  const badIds: string[] = [];
  for (let i = 0; i < 2; i++) badIds.push((await api('POST', '/api/v1/events', { body: { type: 'to.bad', data: { i } } })).body.id);
  await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: badIds }, attemptCount: { gte: 1 } } })) === 6, {
    what: 'every bad delivery to have failed once',
  });
  mode = 'hang';
  await waitFor(() => hanging >= 3, { what: 'retries hanging in the three shared slots' });

  const sent = await api('POST', '/api/v1/events', { body: { type: 'to.good', data: {} } });
  await waitFor(async () => (await db().delivery.findFirstOrThrow({ where: { eventId: sent.body.id } })).status === 'succeeded', {
    what: 'the fresh delivery (behind the retries it would wait 60 s)',
  });
  // The retries still hold exactly the shared slots: none took the reserved one.
  expect(hanging).toBe(3);
  expect(good.requests).toHaveLength(1);
});
