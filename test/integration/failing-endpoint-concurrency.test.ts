// A worker sends an endpoint whose last attempt failed one attempt at a time until one
// succeeds (lib/delivery/endpoint-slots.ts): a failing endpoint is not sent a burst it
// will refuse, and the worker's other slots stay free. The circuit breaker is off here,
// so this is the only thing holding the burst back; every delivery is still attempted.
import { expect, it } from 'vitest';
import { db } from '@/lib/db';
import { workerSuite } from '../support/deliveries.ts';
import { waitFor } from '../support/wait-for.ts';

const suite = workerSuite({ WORKER_CONCURRENCY: '8', ENDPOINT_CONCURRENCY: '8', CIRCUIT_FAILURE_THRESHOLD: '0', RETRY_MAX_ATTEMPTS: '1', ENDPOINT_BUSY_DELAY: '50ms' });

it('sends a failing endpoint one attempt at a time, and every delivery still gets its attempt', async () => {
  const { api } = await suite.harness.newTenant();
  let inFlight = 0;
  let mostAtOnce = 0;
  let failing = false;
  const rx = await suite.receivers.start(async () => {
    inFlight++;
    if (failing) mostAtOnce = Math.max(mostAtOnce, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 30));
    inFlight--;
    return { status: 500 };
  });
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  // The first failure: from here the worker knows the endpoint fails.
  const first = (await api('POST', '/api/v1/events', { body: { type: 'burst.first', data: {} } })).body.id;
  await waitFor(async () => (await db().delivery.findFirst({ where: { eventId: first } }))?.status === 'failed', { what: 'the first delivery to fail' });
  failing = true;

  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await api('POST', '/api/v1/events', { body: { type: 'burst', data: { i } } })).body.id);
  await waitFor(async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: 'failed', attemptCount: 1 } })) === 6, {
    what: 'every delivery of the burst to be attempted once',
  });
  expect(mostAtOnce).toBe(1);
  expect(rx.requests).toHaveLength(7);
});
