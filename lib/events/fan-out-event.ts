// Stores an event, one delivery per subscribed endpoint, and their jobs, in ONE
// transaction: once the producer has its 202, the event is delivered even if this
// process dies the next instant.
import { db } from '../db.ts';
import { newId } from '../ids.ts';
import { newJobToken } from '../queue/deliver-job.ts';
import { enqueueDeliveries } from '../queue/enqueue-deliveries.ts';
import { acceptedEvent } from './serialize-event.ts';

type NewEvent = { tenantId: string; type: string; data: unknown; idempotencyKey: string | null; requestHash: string | null };

export async function fanOutEvent(input: NewEvent) {
  const createdAt = new Date();
  const id = newId('event');
  // The exact bytes every attempt sends and signs; built once, never re-serialised.
  const body = JSON.stringify({ type: input.type, timestamp: createdAt.toISOString(), data: input.data });
  return db().$transaction(async (tx) => {
    const event = await tx.event.create({
      data: { id, tenantId: input.tenantId, type: input.type, body, idempotencyKey: input.idempotencyKey, requestHash: input.requestHash, createdAt },
    });
    const endpoints = await tx.endpoint.findMany({
      where: {
        tenantId: input.tenantId,
        disabledAt: null,
        OR: [{ eventTypes: { isEmpty: true } }, { eventTypes: { has: input.type } }],
      },
      select: { id: true },
    });
    const deliveries = endpoints.map((endpoint) => ({
      id: newId('delivery'),
      tenantId: input.tenantId,
      eventId: id,
      endpointId: endpoint.id,
      jobToken: newJobToken(),
      nextAttemptAt: createdAt,
    }));
    // Id order, the order an idempotent replay reads them back in (create-event.ts):
    // ids minted in one millisecond are not otherwise in order.
    deliveries.sort((a, b) => (a.id < b.id ? -1 : 1));
    await tx.delivery.createMany({ data: deliveries });
    await enqueueDeliveries(
      tx,
      deliveries.map((d) => ({ deliveryId: d.id, token: d.jobToken, trigger: 'automatic' as const })),
    );
    return acceptedEvent(event, deliveries);
  });
}
