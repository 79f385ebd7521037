// Puts a job back in the queue for later, unchanged, when it may not run now. Done
// under the delivery's row lock and only while the job's token is still current: a
// manual retry that replaced it meanwhile must not be replaced back.
import { db } from '../db.ts';
import type { DeliverJob } from './deliver-job.ts';
import { enqueueDeliveries } from './enqueue-deliveries.ts';

export type Deferral = 'deferred' | 'stale' | 'circuit_closed';

/**
 * `whileCircuitOpen`: defer only while that endpoint's circuit is still open. The share
 * lock on its row orders this against the success that closes it: either that success
 * committed first (nothing to wait for: 'circuit_closed'), or it waits for this
 * deferral, and the wake-up that follows it (circuit-breaker.ts) finds this job.
 */
export async function deferDeliveryJob(job: DeliverJob, runAt: Date, options: { whileCircuitOpen?: string } = {}): Promise<Deferral> {
  return db().$transaction(async (tx) => {
    if (options.whileCircuitOpen) {
      const open = await tx.$queryRaw<unknown[]>`
        select 1 from endpoints where id = ${options.whileCircuitOpen} and circuit_state <> 'closed' for share`;
      if (open.length === 0) return 'circuit_closed';
    }
    // Locks the row and shows the wait in the dashboard, only while the token is current.
    const current = await tx.$queryRaw<unknown[]>`
      update deliveries set next_attempt_at = ${runAt} where id = ${job.deliveryId} and job_token = ${job.token} returning 1`;
    if (current.length === 0) return 'stale';
    await enqueueDeliveries(tx, [{ ...job, runAt }]);
    return 'deferred';
  });
}
