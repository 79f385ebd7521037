// The bare baseline for the drain: graphile-worker with one task that POSTs the job's
// body with undici and nothing else — no delivery row read, no signature, no attempt
// recorded — one job per POST, logged as graphile-worker's default logger does (a line
// per completed job, as Hookline logs a line per delivery). Same concurrency, pool size,
// local queue and batching as Hookline's worker (worker/start-worker.ts), same receiver.
// Hookline's jobs carry an event's deliveries, up to 8 (lib/queue/deliver-job.ts); what
// its drain reaches as a share of this is the cost of its bookkeeping, less what fewer
// jobs save.
// Run by the bench as a child: `node --import tsx bench/baseline-worker.ts`, with
// DATABASE_URL and BENCH_WORKER_CONCURRENCY; it sends "ready" over IPC once running.
import { run, type Task } from 'graphile-worker';
import pg from 'pg';
import { Agent, request } from 'undici';
import { COMPLETE_JOB_BATCH_DELAY_MS } from '../lib/queue/complete-job-batch.ts';
import { BASELINE_TASK } from './config.ts';

const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 32);
// Hookline's pool for one origin: keep-alive, up to 64 connections (lib/delivery/http-client.ts).
const agent = new Agent({ keepAliveTimeout: 4_000, connections: 64 });

const post: Task = async (payload) => {
  const { url, id, body } = payload as { url: string; id: string; body: string };
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id },
    body,
    dispatcher: agent,
    signal: AbortSignal.timeout(15_000),
  });
  await response.body.text();
  if (response.statusCode >= 300) throw new Error(`receiver answered ${response.statusCode}`);
};

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const runner = await run({
  pgPool: pool,
  concurrency,
  pollInterval: 2_000,
  noHandleSignals: true,
  taskList: { [BASELINE_TASK]: post },
  parsedCronItems: [],
  preset: { worker: { localQueue: { size: concurrency + 1, ttl: 10_000 }, completeJobBatchDelay: COMPLETE_JOB_BATCH_DELAY_MS, failJobBatchDelay: 0 } },
});
process.send?.('ready');

const stop = async () => {
  await runner.stop();
  await pool.end();
  await agent.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.on('SIGINT', () => undefined); // the bench stops us
process.on('disconnect', () => void stop());
