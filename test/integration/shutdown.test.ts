// A worker asked to stop while an attempt hangs doesn't wait out the 15 s timeout or
// get SIGKILLed holding locks: after WORKER_SHUTDOWN_GRACE the attempt is cut short,
// recorded as worker_shutdown, and queued to run again at once on another worker.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startWorker } from '@/worker/start-worker';
import { receiverPool, settled } from '../support/deliveries.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
const receivers = receiverPool();

beforeAll(async () => {
  harness = await startHarness({ DELIVERY_TIMEOUT: '60s', WORKER_SHUTDOWN_GRACE: '300ms' });
});

afterAll(async () => {
  await receivers.closeAll();
  await harness?.close();
});

it('cuts an attempt short on shutdown and lets the next worker make it again', async () => {
  const { api } = await harness.newTenant();
  let healthy = false;
  const rx = await receivers.start(() => (healthy ? { status: 200, body: 'ok' } : 'hang'));
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  const first = await startWorker();
  const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
  await waitFor(() => rx.requests.length === 1, { what: 'the attempt to be in flight' });

  await first.stop(); // returns once the hanging attempt was cut short and recorded
  const afterStop = await db().delivery.findFirstOrThrow({ where: { eventId: sent.body.id }, include: { attempts: true } });
  expect(afterStop.status).toBe('retrying');
  expect(afterStop.attempts).toMatchObject([{ errorClass: 'worker_shutdown', statusCode: null, succeeded: false }]);
  expect(afterStop.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());

  healthy = true;
  const second = await startWorker();
  try {
    const delivery = await settled(sent.body.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => a.errorClass ?? a.statusCode)).toEqual(['worker_shutdown', 200]);
  } finally {
    await second.stop();
  }
});
