import { db } from '../db.ts';
import { AppError, notFound } from '../errors.ts';
import { newJobToken } from '../queue/deliver-job.ts';
import { enqueueDeliveries } from '../queue/enqueue-deliveries.ts';
import { currentTraceparent } from '../observability/tracing.ts';
import { serializeDeliverySummary } from './serialize-delivery.ts';

/**
 * One immediate extra attempt. The job replaces any scheduled one for this delivery
 * (same job key), and the new token makes a job already in flight leave the schedule
 * to this one.
 */
export async function retryDelivery(tenantId: string, deliveryId: string) {
  return db().$transaction(async (tx) => {
    const delivery = await tx.delivery.findFirst({ where: { id: deliveryId, tenantId }, include: { endpoint: true } });
    if (!delivery) throw notFound('delivery');
    if (delivery.endpoint.disabledAt) {
      throw new AppError('conflict', 'the endpoint is disabled; enable it before retrying its deliveries');
    }
    const token = newJobToken();
    const updated = await tx.delivery.update({ where: { id: delivery.id }, data: { jobToken: token, nextAttemptAt: new Date() } });
    await enqueueDeliveries(tx, [{ deliveryId: delivery.id, token, trigger: 'manual', traceparent: currentTraceparent() }]);
    return serializeDeliverySummary(updated);
  });
}
