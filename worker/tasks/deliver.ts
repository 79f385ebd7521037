// Task `deliver`: one attempt of one delivery (lib/delivery/attempt-delivery.ts).
// Delivery failures are recorded and rescheduled there; only infrastructure faults
// (database unreachable) throw, and graphile-worker retries those.
import type { Task } from 'graphile-worker';
import { attemptDelivery } from '@/lib/delivery/attempt-delivery';
import { logger } from '@/lib/observability/logger';
import { ZDeliverJob } from '@/lib/queue/deliver-job';

export const deliver: Task = async (payload, helpers) => {
  const parsed = ZDeliverJob.safeParse(payload);
  if (!parsed.success) {
    logger.error({ jobId: helpers.job.id, issues: parsed.error.issues }, 'malformed deliver job dropped');
    return;
  }
  const log = logger.child({ deliveryId: parsed.data.deliveryId, jobId: helpers.job.id, trigger: parsed.data.trigger });
  await attemptDelivery(parsed.data, log);
};
