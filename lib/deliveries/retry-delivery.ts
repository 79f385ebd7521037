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
    // FOR SHARE, against the retention purge (purge-event-payloads.ts): a batch that
    // locked this event first is waited for, and this then sees the purge (409); one
    // that comes while this holds it steps over the event; and one that locks it after
    // this commits decides on a snapshot taken after its lock, so it sees the new job
    // and keeps the payload.
    const [event] = await tx.$queryRaw<{ payload_purged_at: Date | null }[]>`
      select payload_purged_at from events where id = ${delivery.eventId} for share`;
    if (event?.payload_purged_at) {
      throw new AppError('payload_purged', `the event's payload was removed by retention on ${event.payload_purged_at.toISOString()}: there is nothing left to send`);
    }
    const token = newJobToken();
    const updated = await tx.delivery.update({ where: { id: delivery.id }, data: { jobToken: token, nextAttemptAt: new Date() } });
    await enqueueDeliveries(tx, [{ deliveryId: delivery.id, token, trigger: 'manual', traceparent: currentTraceparent() }]);
    return serializeDeliverySummary(updated);
  });
}
