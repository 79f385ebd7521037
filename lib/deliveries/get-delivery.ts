import { db } from '../db.ts';
import { notFound } from '../errors.ts';
import { serializeEvent } from '../events/serialize-event.ts';
import { serializeAttempt, serializeDeliverySummary } from './serialize-delivery.ts';

/** A delivery with its event and every attempt, oldest first. */
export async function getDelivery(tenantId: string, deliveryId: string) {
  const delivery = await db().delivery.findFirst({
    where: { id: deliveryId, tenantId },
    include: { event: true, attempts: { orderBy: { number: 'asc' } } },
  });
  if (!delivery) throw notFound('delivery');
  return {
    ...serializeDeliverySummary(delivery),
    event: serializeEvent(delivery.event),
    attempts: delivery.attempts.map(serializeAttempt),
  };
}
