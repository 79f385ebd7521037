// A new tenant with one endpoint at `url`, one event to it, and the first-attempt job of
// its delivery, for tests that run attemptDelivery themselves.
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { fanOutEvent } from '@/lib/events/fan-out-event';
import type { DeliverJob } from '@/lib/queue/deliver-job';
import type { Harness } from './harness.ts';

export async function firstJob(harness: Harness, url: string): Promise<DeliverJob> {
  const t = await harness.newTenant();
  await createEndpoint(t.id, { url });
  const event = await fanOutEvent({ tenantId: t.id, type: 'a.b', data: {}, idempotencyKey: null, requestHash: null });
  const delivery = await db().delivery.findUniqueOrThrow({ where: { id: event.deliveries[0]!.id } });
  return { deliveryId: delivery.id, token: delivery.jobToken!, trigger: 'automatic', lane: 'first' };
}
