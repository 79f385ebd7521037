// The API's view of an event type.
import type { EventType } from '../generated/prisma/client.ts';
import type { TEventType } from './schema.ts';

export function serializeEventType(eventType: EventType): TEventType {
  return {
    id: eventType.id,
    name: eventType.name,
    description: eventType.description,
    schema: (eventType.schema ?? null) as Record<string, unknown> | null,
    example: (eventType.example ?? null) as Record<string, unknown> | null,
    archived: eventType.archivedAt !== null,
    archivedAt: eventType.archivedAt?.toISOString() ?? null,
    createdAt: eventType.createdAt.toISOString(),
    updatedAt: eventType.updatedAt.toISOString(),
  };
}

export type SerializedEventType = TEventType;
