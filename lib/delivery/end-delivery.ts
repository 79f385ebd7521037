// Ends a delivery's schedule without an attempt (endpoint disabled, or the job kept
// failing for internal reasons): failed with the reason — unless it had already
// succeeded (a queued resend), which stays succeeded. Only while `job` still owns it.
import { db } from '../db.ts';
import type { DeliverJob } from '../queue/deliver-job.ts';

export async function endDelivery(job: DeliverJob, reason: string): Promise<void> {
  await db().$executeRaw`
    update deliveries
       set status = case when status = 'succeeded' then status else 'failed' end,
           last_error = case when status = 'succeeded' then last_error else ${reason} end,
           job_token = null, next_attempt_at = null, updated_at = now()
     where id = ${job.deliveryId} and job_token = ${job.token}`;
}
