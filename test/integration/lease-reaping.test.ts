// The lease reaper's edge cases, found by the chaos suite:
// - a live worker's lease reaped anyway (a database outage longer than LEASE_TTL stops
//   every heartbeat): its running job was unlocked under it, the failure it then
//   recorded queued the next attempt into that same row (same job_key), and graphile's
//   completion deleted the row — the delivery stayed `retrying` with no job;
// - a worker dead between locking its first jobs and writing its lease: its jobs stayed
//   locked for graphile-worker's 4 hours.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { db } from '@/lib/db';
import { logger } from '@/lib/observability/logger';
import { reapExpiredLeases } from '@/lib/workers/lease';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { receiverPool, settled } from '../support/deliveries.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
const workers: RunningWorker[] = [];
const receivers = receiverPool();

beforeAll(async () => {
  // A long poll interval: the unlocked job is not fetched a second time meanwhile.
  harness = await startHarness({ WORKER_POLL_INTERVAL: '60s', DELIVERY_TIMEOUT: '30s' });
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await receivers.closeAll();
  await harness?.close();
});

const jobs = () => db().$queryRaw<{ key: string | null; locked_by: string | null }[]>`select key, locked_by from graphile_worker._private_jobs`;

it('still makes the next attempt when the running job’s worker was reaped while alive', async () => {
  const { api } = await harness.newTenant();
  let release: (() => void) | undefined;
  // The first attempt is held until the test has reaped the worker, then answered 500.
  const rx = await receivers.start((_, i) => (i === 0 ? new Promise((resolve) => (release = () => resolve({ status: 500 }))) : { status: 200 }));
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  workers.push(await startWorker());
  const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
  await waitFor(() => release !== undefined, { what: 'the first attempt to be in flight' });

  // As another worker would after an outage: every lease looks expired (TTL 0 here).
  const pool = new pg.Pool({ connectionString: harness.database.url });
  try {
    expect(await reapExpiredLeases(pool, 0, logger)).toHaveLength(1);
  } finally {
    await pool.end();
  }
  expect((await jobs()).every((job) => job.locked_by === null)).toBe(true);

  release!();
  // The failure is recorded and the next attempt has a job of its own, under the key.
  const retrying = await waitFor(
    async () => {
      const d = await db().delivery.findFirstOrThrow({ where: { eventId: sent.body.id } });
      return d.attemptCount === 1 ? d : null;
    },
    { what: 'the failed attempt to be recorded' },
  );
  expect(retrying.status).toBe('retrying');
  const next = await db().$queryRaw<{ token: string }[]>`
    select payload->>'token' as token from graphile_worker._private_jobs where key = ${`delivery:${retrying.id}`}`;
  expect(next).toEqual([{ token: retrying.jobToken }]);
  // The poll interval is 60 s: a nudge once it is due stands in for it.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await db().$executeRaw`select pg_notify('jobs:insert', '{"count":1}')`;
  const delivery = await settled(sent.body.id);
  expect(delivery.status).toBe('succeeded');
  expect(delivery.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
  await waitFor(async () => (await jobs()).length === 0, { what: 'the queue to be empty' });
});

it('releases jobs locked by a worker that never wrote a lease, once locked longer than LEASE_TTL', async () => {
  for (const worker of workers.splice(0)) await worker.stop();
  const { api } = await harness.newTenant();
  const rx = await receivers.start();
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
  // A worker locked the job and died before its first heartbeat (LEASE_TTL is 3 s here).
  await db().$executeRaw`update graphile_worker._private_jobs set locked_by = 'ghost-worker', locked_at = now() - interval '10 seconds'`;

  workers.push(await startWorker());
  // The poll interval is 60 s: an explicit nudge once the lock is gone stands in for it.
  await waitFor(async () => (await jobs()).every((job) => job.locked_by === null), { timeoutMs: 20_000, what: 'the orphaned lock to be released' });
  await db().$executeRaw`select pg_notify('jobs:insert', '{"count":1}')`;
  expect((await settled(sent.body.id)).status).toBe('succeeded');
  expect(rx.requests).toHaveLength(1);
});
