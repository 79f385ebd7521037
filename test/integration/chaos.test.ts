// Chaos: a few hundred events fanned out to eleven endpoints on a receiver that fails
// in every way it can (500, 503 + Retry-After, dropped connections, latency, hangs past
// DELIVERY_TIMEOUT, resets mid-body), while one of two workers is SIGKILLed and
// replaced and the database — a cluster of this file's own — is restarted. The test
// plays the producer (retrying a failed send with the same Idempotency-Key) and the
// supervisor (restarting a worker that exits). At the end every event has reached every
// endpoint subscribed to it with a complete 2xx — zero missing — each event was stored
// once, and the duplicates the receiver saw are counted and printed: at-least-once,
// measured. CHAOS_SEED=<n> replays a run's sequence of faults; CHAOS_DB_DOWN_MS sets
// how long the database stays down (2 s).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db, disconnectDb } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { createTenant } from '@/lib/tenants/create-tenant';
import { apiClient } from '../support/api.ts';
import { queuedJobs } from '../support/queued-jobs.ts';
import { pairKey, startFaultReceiver, type FaultReceiver } from '../support/fault-receiver.ts';
import { TEST_ENV } from '../support/harness.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { startWorkerProcess, type Child } from '../support/processes.ts';
import { waitFor } from '../support/wait-for.ts';

const EVENTS = 300;
const TYPES = ['order.created', 'order.paid', 'invoice.sent', 'user.signup'] as const;
// Endpoint i listens to FILTERS[i] (empty = every type): 3 to 7 endpoints per event,
// and the last endpoint matches nothing that is sent, so it must receive nothing.
const FILTERS: string[][] = [
  [],
  [],
  ['order.created'],
  ['order.created', 'order.paid'],
  ['order.created', 'invoice.sent'],
  ['order.created', 'order.paid', 'invoice.sent'],
  ['invoice.sent'],
  ['user.signup'],
  ['order.paid'],
  ['order.created'],
  ['nothing.sent'],
];
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PRODUCERS = 3; // concurrent senders
const SEND_PAUSE_MS = 40; // per sender between events, so production overlaps the chaos
const GATE_AT = Math.floor(EVENTS * 0.6);
const DATABASE_DOWN_MS = Number(process.env.CHAOS_DB_DOWN_MS ?? 2_000);
const RESTART_DELAY_MS = 500; // the supervisor's RestartSec
const MAX_RESTARTS = 40; // a crash loop beyond this is a failure, not chaos

let cluster: PostgresCluster;
let rx: FaultReceiver;
let workerEnv: Record<string, string>;
const clusterLog: string[] = [];
const workers: { slot: string; child: Child }[] = [];
let supervising = true;
const exits: string[] = [];
const started = Date.now();
const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);

beforeAll(async () => {
  cluster = await startPostgresCluster((line) => clusterLog.push(line));
  workerEnv = {
    ...TEST_ENV,
    DATABASE_URL: cluster.url,
    // Faults must delay deliveries, never exhaust them: ~1/3 of requests fail, so 30
    // attempts in a row failing does not happen.
    RETRY_MAX_ATTEMPTS: '30',
    ENDPOINT_CONCURRENCY: '4',
    // The circuit breaker would hold endpoints that fail this often; not under test here.
    CIRCUIT_FAILURE_THRESHOLD: '1000',
  };
  Object.assign(process.env, workerEnv);
  resetEnvForTests();
  await disconnectDb();
  rx = await startFaultReceiver({ seed: SEED });
});

afterAll(async () => {
  supervising = false;
  const live = liveWorkers();
  for (const { child } of live) child.process.kill('SIGKILL');
  await Promise.all(live.map(({ child }) => child.exited));
  await rx?.close();
  await disconnectDb();
  await cluster?.destroy();
});

/** Like systemd's Restart=always with RestartSec: a worker that exits is started again. */
function superviseWorker(slot: string): void {
  // Warnings and worse kept in memory, written to a file if the test fails.
  const child = startWorkerProcess({ ...workerEnv, LOG_LEVEL: 'warn' });
  workers.push({ slot, child });
  void child.exited.then((code) => {
    exits.push(`${slot}:${code ?? child.process.signalCode}@${elapsed()}s`);
    if (supervising && workers.length <= MAX_RESTARTS) setTimeout(() => supervising && superviseWorker(slot), RESTART_DELAY_MS);
  });
}

function liveWorkers(): { slot: string; child: Child }[] {
  return workers.filter(({ child }) => child.process.exitCode === null && child.process.signalCode === null);
}

/** Queries that run across the restart: a failed probe is just "not yet". */
function probe<T>(query: () => Promise<T>): () => Promise<T | null> {
  return () => query().catch(() => null);
}

/** Everything a failure needs, in a file: worker logs, the cluster's log, the exits. */
function writeDiagnostics(): string {
  const file = path.join(tmpdir(), `hookline-chaos-${SEED}.log`);
  const parts = workers.map(({ slot, child }, i) => `== worker ${i} (slot ${slot}, pid ${child.process.pid}, exit ${child.process.exitCode ?? child.process.signalCode})\n${child.output()}`);
  writeFileSync(file, [`seed ${SEED}; exits ${exits.join(' ')}`, ...parts, `== postgres\n${clusterLog.join('')}`].join('\n'));
  return file;
}

/** The deliveries not yet succeeded, their jobs, and the leases that could free them. */
async function undelivered(): Promise<string> {
  const deliveries = await db().$queryRaw<{ id: string }[]>`
    select id, status::text, attempt_count, job_token, next_attempt_at from deliveries where status <> 'succeeded' order by id limit 20`;
  const jobs = await queuedJobs(deliveries.map((d) => d.id));
  const leases = await db().$queryRaw`select worker_id, pid, lock_ids, heartbeat_at, started_at from worker_leases`;
  const show = (rows: unknown) => JSON.stringify(rows, null, 1);
  return `undelivered: ${show(deliveries)}\ntheir jobs: ${show(jobs)}\nleases: ${show(leases)}\nnow: ${new Date().toISOString()}`;
}

it('delivers every event to every subscribed endpoint through faults, a SIGKILL and a database restart', async () => {
  const { apiKey } = await createTenant({ name: 'Chaos' });
  const api = apiClient(apiKey);
  for (const [i, eventTypes] of FILTERS.entries()) {
    const created = await api('POST', '/api/v1/endpoints', { body: { url: rx.url(`/ep/${i}`), eventTypes } });
    expect(created.status).toBe(201);
  }

  superviseWorker('a');
  superviseWorker('b');
  await waitFor(async () => (await db().workerLease.count()) === 2, { timeoutMs: 30_000, what: 'both workers to start' });

  // The producer: each event sent until it is accepted, always with its own key, so a
  // send that failed after its commit (the restart) is replayed, not stored twice.
  const ids: (string | undefined)[] = new Array(EVENTS);
  let accepted = 0;
  let failedSends = 0;
  let replays = 0; // 202s that replayed an earlier send's event
  let next = 0;
  // Sends from GATE_AT on wait for the database restart to begin, so they run into it.
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const produce = async () => {
    for (let i = next++; i < EVENTS; i = next++) {
      if (i >= GATE_AT) await gate;
      const body = { type: TYPES[i % TYPES.length], data: { i } };
      const deadline = Date.now() + 30_000;
      for (;;) {
        const sent = await api('POST', '/api/v1/events', { body, headers: { 'idempotency-key': `chaos-${i}` } }).catch((error: unknown) => ({ status: 0, headers: new Headers(), body: String(error) }));
        if (sent.status === 202) {
          ids[i] = sent.body.id;
          accepted++;
          if (sent.headers.get('idempotent-replayed') === 'true') replays++;
          break;
        }
        // 4xx is the API refusing the event itself (a 409 would be a broken replay): fatal.
        if (sent.status >= 400 && sent.status < 500) throw new Error(`event ${i}: HTTP ${sent.status} ${JSON.stringify(sent.body)}`);
        failedSends++;
        if (Date.now() > deadline) throw new Error(`event ${i} not accepted within 30 s; last answer ${sent.status} ${JSON.stringify(sent.body)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, SEND_PAUSE_MS));
    }
  };
  let producerError: unknown;
  const producing = Promise.all(Array.from({ length: PRODUCERS }, produce));
  producing.catch((error: unknown) => (producerError = error)); // awaited below too
  /** Waits on the producer's progress, failing at once if it gave up. */
  const progress = (done: () => boolean) => () => {
    if (producerError) throw producerError;
    return done();
  };

  // A quarter in, deliveries under way: SIGKILL worker a with jobs locked. They stay
  // locked until a live worker reaps its silent lease; the supervisor starts another.
  await waitFor(progress(() => accepted >= EVENTS / 4 && rx.requests.length >= 50), { timeoutMs: 30_000, what: 'deliveries to be under way' });
  const victim = liveWorkers().find((w) => w.slot === 'a')!.child;
  const victimLease = await db().workerLease.findFirstOrThrow({ where: { pid: victim.process.pid } });
  const inFlightAtKill = rx.inFlight();
  const killedAt = elapsed();
  victim.process.kill('SIGKILL');
  await victim.exited;
  const [{ stranded }] = await db().$queryRaw<[{ stranded: number }]>`
    select count(*)::int as stranded from graphile_worker._private_jobs where locked_by = any(${victimLease.lockIds})`;
  expect(stranded).toBeGreaterThan(0);
  await waitFor(async () => (await db().workerLease.count({ where: { workerId: victimLease.workerId } })) === 0, {
    timeoutMs: 20_000,
    what: 'the killed worker’s lease to be reaped',
  });

  // Then restart Postgres as the producer sends past the gate and workers deliver.
  await waitFor(progress(() => accepted >= GATE_AT), { timeoutMs: 30_000, what: `${GATE_AT} events to be accepted` });
  const restartedAt = elapsed();
  const restarting = cluster.restart(DATABASE_DOWN_MS); // the server is told to stop before this returns
  openGate();
  await restarting;
  await producing;
  const producedAt = Date.now();

  // Stored once each, whatever the producer had to retry.
  expect(new Set(ids).size).toBe(EVENTS);
  expect(ids.every((id) => typeof id === 'string')).toBe(true);
  expect(await waitFor(probe(() => db().event.count()))).toBe(EVENTS);

  // What should have arrived: each event at each endpoint whose filter matches its type.
  const expected = new Set<string>();
  ids.forEach((id, i) => {
    const type = TYPES[i % TYPES.length]!;
    FILTERS.forEach((filter, e) => (filter.length === 0 || filter.includes(type)) && expected.add(pairKey(`/ep/${e}`, id!)));
  });
  expect(await db().delivery.count()).toBe(expected.size);

  await waitFor(probe(async () => (await db().delivery.count({ where: { status: 'succeeded' } })) === expected.size), {
    timeoutMs: 60_000,
    intervalMs: 250,
    what: `all ${expected.size} deliveries to succeed`,
  }).catch(async (error: unknown) => {
    throw new Error(`${(error as Error).message}\n${await undelivered()}\nexits: ${exits.join(' ')}\ndiagnostics: ${writeDiagnostics()}`);
  });
  const deliveredAt = Date.now();

  // The queue drains: jobs a dead worker held run again (a stale replay ends without
  // sending). Nothing may be left: no job locked, runnable, failed for good, or
  // superseded (the reaper takes the keys of the jobs it unlocks, lib/workers/lease.ts, so
  // add_jobs never marks one exhausted under a worker that then dies).
  type Job = { id: string; task: string; key: string | null; payload: unknown; locked_by: string | null; attempts: number; max_attempts: number; last_error: string | null };
  const jobs = () => db().$queryRaw<Job[]>`
    select j.id::text, t.identifier as task, j.key, j.payload, j.locked_by, j.attempts, j.max_attempts, left(j.last_error, 300) as last_error
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id`;
  const exhausted = (job: Job) => job.locked_by === null && job.attempts >= job.max_attempts;
  await waitFor(probe(async () => (await jobs()).every(exhausted)), { timeoutMs: 30_000, intervalMs: 250, what: 'the job queue to drain' }).catch(() => undefined);
  const leftover = await jobs();
  const superseded = leftover.filter((job) => exhausted(job) && job.key === null);
  expect(leftover.length, `jobs left locked, runnable, failed or superseded: ${JSON.stringify(leftover)}\ndiagnostics: ${leftover.length ? writeDiagnostics() : '-'}`).toBe(0);
  expect(await db().delivery.count({ where: { status: 'failed' } })).toBe(0);

  // The receiver's view, independent of Hookline's: every expected pair got a complete
  // 2xx at least once, and nothing went to an endpoint not subscribed to the event.
  const delivered = rx.deliveredCounts();
  const missing = [...expected].filter((key) => !delivered.has(key));
  const unexpected = [...new Set(rx.requests.map((r) => pairKey(r.path, r.webhookId)))].filter((key) => !expected.has(key));
  expect(missing, `pairs never answered with a complete 2xx (diagnostics: ${missing.length ? writeDiagnostics() : '-'})`).toEqual([]);
  expect(unexpected).toEqual([]);

  const duplicates = [...delivered.values()].reduce((sum, n) => sum + n - 1, 0);
  const faults = Object.entries(rx.faultCounts()).map(([kind, n]) => `${kind}=${n}`).join(' ');
  const kills = exits.filter((e) => e.includes(':SIGKILL@')).length;
  console.info(
    `chaos (seed ${SEED}): ${EVENTS} events, ${expected.size} deliveries, ${rx.requests.length} requests [${faults}], ` +
      `0 missing, ${duplicates} duplicates, ${superseded.length} superseded jobs left; ${kills} SIGKILL (at ${killedAt} s, ${stranded} jobs locked, ${inFlightAtKill} requests in flight), 1 database restart ` +
      `(at ${restartedAt} s, down ${DATABASE_DOWN_MS / 1000} s), ${workers.length - 2} worker starts by the supervisor ` +
      `(exits: ${exits.join(' ')}), ${failedSends} failed sends retried (${replays} replayed); produced in ${((producedAt - started) / 1000).toFixed(1)} s, ` +
      `all delivered at ${((deliveredAt - started) / 1000).toFixed(1)} s`,
  );

  // The workers standing at the end shut down cleanly.
  await waitFor(() => liveWorkers().length === 2, { what: 'both worker slots to be running' });
  supervising = false;
  const live = liveWorkers();
  for (const { child } of live) child.process.kill('SIGTERM');
  expect(await Promise.all(live.map(({ child }) => child.exited))).toEqual([0, 0]);
}, 170_000);
