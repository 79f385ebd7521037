// Ingest backpressure. When more deliveries are due than QUEUE_MAX_READY (the workers
// are down or far behind), new events are refused with 503 queue_full and Retry-After
// rather than piling up without bound; producers retry (with their Idempotency-Key),
// and idempotent replays of events already accepted still answer 202.
//
// The count is bounded (it stops at the limit) and sampled at most once a second per
// process, shared by the requests arriving meanwhile: a few ms per second at most.
import { db } from '../db.ts';
import { env } from '../env.ts';
import { AppError } from '../errors.ts';
import { refreshQueueStatistics } from './queue-statistics.ts';

const SAMPLE_MS = 1_000;
const RETRY_AFTER_SECONDS = 5;

let sample: { at: number; full: Promise<boolean> } | undefined;

export async function assertQueueAccepting(): Promise<void> {
  const limit = env().QUEUE_MAX_READY;
  if (!sample || Date.now() - sample.at >= SAMPLE_MS) {
    const full = readyJobsReach(limit);
    sample = { at: Date.now(), full };
    // Ingest queues jobs: their table's statistics must keep up (it checks every 5 s).
    void refreshQueueStatistics();
    // A failed count is not a verdict: the next request samples again.
    full.catch(() => (sample = undefined));
  }
  if (await sample.full) {
    throw new AppError('queue_full', `more than ${limit} deliveries are waiting for a worker; try again shortly`, undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS });
  }
}

/**
 * Whether at least `limit` deliveries are in jobs due and free to take (graphile-worker's
 * is_available): a fan-out job carries several (lib/queue/deliver-job.ts). At most
 * `limit` jobs are read, and `limit` parked ones.
 */
async function readyJobsReach(limit: number): Promise<boolean> {
  // Parked jobs past their time count too (one delivery each: lib/queue/parked-jobs.ts):
  // while no worker moves them to the queue, due retries pile up there instead.
  const [row] = await db().$queryRaw<{ ready: bigint }[]>`
    select (select coalesce(sum(deliveries), 0) from (
              select coalesce(json_array_length(payload->'deliveries'), 1) as deliveries
                from graphile_worker._private_jobs where is_available and run_at <= now() limit ${limit}
            ) due)
         + (select count(*) from (select 1 from parked_jobs where run_at <= now() limit ${limit}) overdue) as ready`;
  return Number(row?.ready ?? 0) >= limit;
}

/** Tests change QUEUE_MAX_READY between cases. */
export function resetQueuePressureForTests(): void {
  sample = undefined;
}
