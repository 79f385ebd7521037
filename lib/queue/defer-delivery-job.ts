// Puts a job back in the queue for later, unchanged, when it may not run now. Done
// under the delivery's row lock and only while the job's token is still current: a
// manual retry that replaced it meanwhile must not be replaced back.
import { db } from '../db.ts';
import type { DeliverJob } from './deliver-job.ts';
import { enqueueDeliveries } from './enqueue-deliveries.ts';

export async function deferDeliveryJob(job: DeliverJob, runAt: Date): Promise<boolean> {
  return db().$transaction(async (tx) => {
    // Locks the row and shows the wait in the dashboard, only while the token is current.
    const current = await tx.$queryRaw<unknown[]>`
      update deliveries set next_attempt_at = ${runAt} where id = ${job.deliveryId} and job_token = ${job.token} returning 1`;
    if (current.length === 0) return false;
    await enqueueDeliveries(tx, [{ ...job, runAt }]);
    return true;
  });
}
