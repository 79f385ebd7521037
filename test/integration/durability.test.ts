// A worker SIGKILLed with attempts in flight loses nothing: its jobs stay locked in
// graphile-worker, the database lease expires (LEASE_TTL = 3 s here), a live worker
// force-unlocks them, and every event ends delivered — within a minute, not after
// graphile-worker's 4-hour lock expiry.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { db } from '@/lib/db';
import { startHarness, type Harness } from '../support/harness.ts';
import { startWorkerProcess, type Child } from '../support/processes.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

const EVENTS = 30;
let harness: Harness;
let rx: Receiver;
const children: Child[] = [];

beforeAll(async () => {
  harness = await startHarness({ WORKER_CONCURRENCY: '4', ENDPOINT_CONCURRENCY: '4' });
  // Slow answers keep attempts in flight when the worker dies.
  rx = await startReceiver(() => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: 'ok' }), 400)));
});

afterAll(async () => {
  for (const child of children) child.process.kill('SIGKILL');
  await rx?.close();
  await harness?.close();
});

async function lockedJobs(): Promise<{ locked_by: string }[]> {
  const client = new pg.Client({ connectionString: harness.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked_by: string }>('select locked_by from graphile_worker._private_jobs where locked_by is not null');
    return rows;
  } finally {
    await client.end();
  }
}

it('delivers every event after the worker is SIGKILLed mid-attempt and another takes over', async () => {
  const { api } = await harness.newTenant();
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });

  const first = startWorkerProcess(harness.env);
  children.push(first);
  const ids: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } });
    expect(sent.status).toBe(202);
    ids.push(sent.body.id);
  }

  // Kill it once it is busy: requests have reached the receiver and are unanswered.
  await waitFor(() => rx.requests.length >= 4, { timeoutMs: 30_000, what: `the first worker to start sending\n${first.output()}` });
  first.process.kill('SIGKILL');
  await first.exited;
  const killedAt = Date.now();

  const stranded = await lockedJobs();
  expect(stranded.length).toBeGreaterThan(0); // the dead worker's jobs are still locked
  const delivered = await db().delivery.count({ where: { eventId: { in: ids }, status: 'succeeded' } });
  expect(delivered).toBeLessThan(EVENTS);

  const second = startWorkerProcess(harness.env);
  children.push(second);
  await waitFor(
    async () => (await db().delivery.count({ where: { eventId: { in: ids }, status: 'succeeded' } })) === EVENTS,
    { timeoutMs: 60_000, intervalMs: 250, what: `all ${EVENTS} deliveries to succeed after the restart\n${second.output()}` },
  );

  // A figure for the record, not an assertion: LEASE_TTL (3 s here) + the 30 × 400 ms answers / 4.
  console.info(`durability: all ${EVENTS} deliveries succeeded ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the SIGKILL`);

  // At least once: every event reached the receiver under its own stable webhook-id.
  const seen = new Set(rx.requests.map((r) => r.headers['webhook-id']));
  expect([...ids].every((id) => seen.has(id))).toBe(true);
  // None of the dead worker's locks is left: the reaper released them all.
  const deadLockers = new Set(stranded.map((job) => job.locked_by));
  expect((await lockedJobs()).filter((job) => deadLockers.has(job.locked_by))).toEqual([]);
  // And nothing stays locked: a job the live worker's local queue has just fetched (one of
  // the dead worker's, run again, finding its deliveries already sent by their put-back
  // jobs) is locked by that queue until it runs a moment later.
  await waitFor(async () => (await lockedJobs()).length === 0, { timeoutMs: 15_000, intervalMs: 100, what: 'every job to be unlocked' });
  // The dead worker's lease was reaped; only the live one remains.
  const leases = await db().workerLease.findMany();
  expect(leases).toHaveLength(1);

  second.process.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  expect(await db().workerLease.count()).toBe(0); // a clean stop removes its lease
});
