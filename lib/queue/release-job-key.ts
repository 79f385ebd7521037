// A running deliver job gives up its job_key (`delivery:<id>`) before it does anything.
//
// Why: graphile-worker's add_jobs, given a key whose job is not locked, updates that row
// in place, and graphile later completes a finished job by deleting its row by id. A
// running job can be unlocked under its worker (the lease reaper freeing a worker it
// took for dead). Its next attempt, queued under the same key, then overwrote the
// running row, and graphile's completion deleted it: the delivery was left retrying
// with no job (found by test/integration/chaos.test.ts). Without its key, the running
// row is never the target of add_jobs: every next job is a row of its own, and a
// running job that dies is simply run again (its token then tells it it is stale).
//
// Jobs taken together release together: one UPDATE per batch.
import { db } from '../db.ts';
import { microBatch } from '../util/micro-batch.ts';

const releaseBatch = microBatch(
  async (jobIds: string[]) => {
    await db().$executeRaw`
      update graphile_worker._private_jobs set key = null where id = any(${jobIds}::bigint[]) and key is not null`;
    return jobIds.map(() => undefined);
  },
  { maxSize: 100, key: (jobId: string) => jobId },
);

export function releaseJobKey(jobId: string): Promise<void> {
  return releaseBatch(jobId);
}
