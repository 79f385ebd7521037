// A job can run twice: graphile-worker deletes finished jobs in batches, every
// COMPLETE_JOB_BATCH_DELAY_MS (lib/queue/complete-job-batch.ts), so a worker that dies
// after an attempt was recorded but before its job's row went leaves the job to run
// again. The replay must end without sending: recording the attempt cleared the
// delivery's job token (success) or replaced it with the retry's (failure).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { attemptDelivery } from '@/lib/delivery/attempt-delivery';
import { attemptContext } from '../support/attempt-context.ts';
import { firstJob as firstJobAt } from '../support/first-job.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';

let harness: Harness;
let receiver: Receiver;

beforeAll(async () => {
  harness = await startHarness();
  receiver = await startReceiver((request) => (request.path.endsWith('/fails') ? { status: 500, body: 'no' } : { status: 200, body: 'ok' }));
});

afterAll(async () => {
  await receiver?.close();
  await harness?.close();
});

const firstJob = (path: string) => firstJobAt(harness, receiver.url + path);

const sentTo = (path: string) => receiver.requests.filter((r) => r.path.endsWith(path)).length;

it('a job run again after its success was recorded sends nothing', async () => {
  const job = await firstJob('/ok');
  expect((await attemptDelivery(job, attemptContext(job))).result).toBe('recorded');
  expect(sentTo('/ok')).toBe(1);

  expect((await attemptDelivery(job, attemptContext(job))).result).toBe('stale');
  expect(sentTo('/ok')).toBe(1);
  const delivery = await db().delivery.findUniqueOrThrow({ where: { id: job.deliveryId } });
  expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 1, jobToken: null });
});

it('a job run again after its failure was recorded sends nothing; the retry it queued is the one that goes', async () => {
  const job = await firstJob('/fails');
  expect((await attemptDelivery(job, attemptContext(job))).result).toBe('recorded');
  const retrying = await db().delivery.findUniqueOrThrow({ where: { id: job.deliveryId } });
  expect(retrying.status).toBe('retrying');
  expect(retrying.jobToken).not.toBe(job.token);

  expect((await attemptDelivery(job, attemptContext(job))).result).toBe('stale');
  expect(sentTo('/fails')).toBe(1);
  expect(await db().attempt.count({ where: { deliveryId: job.deliveryId } })).toBe(1);
});
