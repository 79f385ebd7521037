// One delivery for its page: the exact body sent, the endpoint, every attempt (oldest
// first) with what was sent and what the consumer answered.
import { db } from '../db.ts';
import { env } from '../env.ts';
import { notFound } from '../errors.ts';
import { serializeAttempt, serializeDeliverySummary } from '../deliveries/serialize-delivery.ts';

export async function getDeliveryDetail(tenantId: string, deliveryId: string) {
  const delivery = await db().delivery.findFirst({
    where: { id: deliveryId, tenantId },
    include: {
      event: { select: { id: true, type: true, body: true, createdAt: true, payloadPurgedAt: true } },
      endpoint: { select: { id: true, url: true, disabledAt: true, disabledReason: true } },
      attempts: { orderBy: { number: 'asc' } },
    },
  });
  if (!delivery) throw notFound('delivery');
  return {
    ...serializeDeliverySummary(delivery),
    event: {
      id: delivery.event.id,
      type: delivery.event.type,
      createdAt: delivery.event.createdAt.toISOString(),
      body: delivery.event.body,
      // Set once retention removed the body (then ''): the page says so instead.
      payloadPurgedAt: delivery.event.payloadPurgedAt?.toISOString() ?? null,
    },
    // How long this installation keeps payloads (RETENTION_PERIOD), for that notice.
    retentionPeriodMs: env().RETENTION_PERIOD,
    endpoint: {
      id: delivery.endpoint.id,
      url: delivery.endpoint.url,
      disabledAt: delivery.endpoint.disabledAt?.toISOString() ?? null,
      disabledReason: delivery.endpoint.disabledReason,
    },
    attempts: delivery.attempts.map(serializeAttempt),
  };
}

export type DeliveryDetail = Awaited<ReturnType<typeof getDeliveryDetail>>;
