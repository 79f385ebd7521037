import type { Event } from '../generated/prisma/client.ts';

export function serializeEvent(event: Pick<Event, 'id' | 'type' | 'body' | 'createdAt'>) {
  const { data } = JSON.parse(event.body) as { data: unknown };
  return { id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), data };
}

/** What POST /events answers with, the first time and on every idempotent replay. */
export function acceptedEvent(
  event: Pick<Event, 'id' | 'type' | 'createdAt'>,
  deliveries: { id: string; endpointId: string }[],
) {
  return {
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    deliveries: deliveries.map((d) => ({ id: d.id, endpointId: d.endpointId })),
  };
}

export type AcceptedEvent = ReturnType<typeof acceptedEvent>;
