// Changes a type's description, schema or example; { archived } archives or restores it.
// The example is checked against the schema the type will have, so changing only the
// schema can be refused because of the stored example (400 naming `example`).
import { db } from '../db.ts';
import { assertSchemaAndExample } from './check-event-type.ts';
import { findEventType, type EventTypeKey } from './find-event-type.ts';
import { jsonColumn } from './json-column.ts';
import { invalidateRegisteredTypes } from './registered-types.ts';
import { ZUpdateEventType } from './schema.ts';
import { serializeEventType } from './serialize-event-type.ts';

type JsonObject = Record<string, unknown> | null;

export async function updateEventType(tenantId: string, key: EventTypeKey, body: unknown) {
  const { archived, ...input } = ZUpdateEventType.parse(body);
  const current = await findEventType(tenantId, key);
  if (input.schema !== undefined || input.example !== undefined) {
    assertSchemaAndExample(input.schema !== undefined ? input.schema : (current.schema as JsonObject), input.example !== undefined ? input.example : (current.example as JsonObject));
  }
  const eventType = await db().eventType.update({
    where: { id: current.id },
    data: {
      description: input.description,
      schema: input.schema === undefined ? undefined : jsonColumn(input.schema),
      example: input.example === undefined ? undefined : jsonColumn(input.example),
      archivedAt: archived === undefined ? undefined : archived ? (current.archivedAt ?? new Date()) : null,
    },
  });
  invalidateRegisteredTypes(tenantId);
  return serializeEventType(eventType);
}
