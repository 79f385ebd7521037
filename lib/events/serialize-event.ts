// The API's view of events. The return types are the response schemas in schema.ts
// (the OpenAPI document's), so a field added here and not there fails to compile.
import type { Event } from '../generated/prisma/client.ts';
import type { TAcceptedEvent, TEvent, TEventSummary } from './schema.ts';

export function serializeEvent(event: Pick<Event, 'id' | 'type' | 'body' | 'createdAt' | 'payloadPurgedAt'>): TEvent {
  const base = { id: event.id, type: event.type, createdAt: event.createdAt.toISOString() };
  // Retention (lib/retention) removed the body: say when, rather than fail to parse it.
  if (event.payloadPurgedAt) return { ...base, data: null, dataPurgedAt: event.payloadPurgedAt.toISOString() };
  // ZCreateEvent admits only a JSON object as data.
  const { data } = JSON.parse(event.body) as { data: Record<string, unknown> };
  return { ...base, data, dataPurgedAt: null };
}

export function serializeEventSummary(event: Pick<Event, 'id' | 'type' | 'createdAt'>): TEventSummary {
  return { id: event.id, type: event.type, createdAt: event.createdAt.toISOString() };
}

/** What POST /events answers with, the first time and on every idempotent replay. */
export function acceptedEvent(
  event: Pick<Event, 'id' | 'type' | 'createdAt'>,
  deliveries: { id: string; endpointId: string }[],
): TAcceptedEvent {
  return {
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    deliveries: deliveries.map((d) => ({ id: d.id, endpointId: d.endpointId })),
  };
}

export type AcceptedEvent = TAcceptedEvent;
