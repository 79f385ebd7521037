// "Send test event": one `hookline.test` event delivered to this endpoint only, whatever
// its event-type filter, through the ordinary pipeline (signed, retried, logged). Event,
// delivery and job commit together, as in fan-out-event.ts.
import { db } from '../db.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { findEndpoint } from '../endpoints/find-endpoint.ts';
import { newJobToken } from '../queue/deliver-job.ts';
import { enqueueDeliveries } from '../queue/enqueue-deliveries.ts';

export const TEST_EVENT_TYPE = 'hookline.test';

export async function sendTestEvent(tenantId: string, endpointId: string) {
  const createdAt = new Date();
  const eventId = newId('event');
  const body = JSON.stringify({
    type: TEST_EVENT_TYPE,
    timestamp: createdAt.toISOString(),
    data: { message: 'A test event sent from the Hookline dashboard', endpointId },
  });
  return db().$transaction(async (tx) => {
    const endpoint = await findEndpoint(tenantId, endpointId, tx);
    if (endpoint.disabledAt) throw new AppError('conflict', 'the endpoint is disabled; enable it to send a test event');
    await tx.event.create({ data: { id: eventId, tenantId, type: TEST_EVENT_TYPE, body, createdAt } });
    const delivery = { id: newId('delivery'), tenantId, eventId, endpointId: endpoint.id, jobToken: newJobToken(), nextAttemptAt: createdAt };
    await tx.delivery.create({ data: delivery });
    await enqueueDeliveries(tx, [{ deliveryId: delivery.id, token: delivery.jobToken, trigger: 'automatic' }]);
    return { eventId, deliveryId: delivery.id };
  });
}
