import { db } from '../db.ts';
import { notFound } from '../errors.ts';
import { serializeDeliverySummary } from '../deliveries/serialize-delivery.ts';
import { serializeEvent } from './serialize-event.ts';

export async function getEvent(tenantId: string, eventId: string) {
  const event = await db().event.findFirst({
    where: { id: eventId, tenantId },
    include: { deliveries: { orderBy: { id: 'asc' } } },
  });
  if (!event) throw notFound('event');
  return { ...serializeEvent(event), deliveries: event.deliveries.map(serializeDeliverySummary) };
}
