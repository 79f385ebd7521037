// Registers an event type. Creating the name of an archived type restores it with the new
// description, schema and example (as Svix does); an active one is a 409.
import { db, type Prisma } from '../db.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { assertSchemaAndExample } from './check-event-type.ts';
import { invalidateRegisteredTypes } from './registered-types.ts';
import { ZCreateEventType } from './schema.ts';
import { serializeEventType } from './serialize-event-type.ts';
import { jsonColumn } from './json-column.ts';

export async function createEventType(tenantId: string, body: unknown) {
  const input = ZCreateEventType.parse(body);
  assertSchemaAndExample(input.schema, input.example);
  const fields = { description: input.description, schema: jsonColumn(input.schema), example: jsonColumn(input.example) };
  try {
    const eventType = await db().$transaction(async (tx) => {
      const existing = await tx.eventType.findUnique({ where: { tenantId_name: { tenantId, name: input.name } } });
      if (existing && !existing.archivedAt) throw exists(input.name);
      if (existing) return tx.eventType.update({ where: { id: existing.id }, data: { ...fields, archivedAt: null } });
      return tx.eventType.create({ data: { id: newId('eventType'), tenantId, name: input.name, ...fields } satisfies Prisma.EventTypeUncheckedCreateInput });
    });
    return serializeEventType(eventType);
  } catch (error) {
    // Two creates of one name at once: the unique index decides, the loser hears 409.
    if ((error as { code?: string }).code === 'P2002') throw exists(input.name);
    throw error;
  } finally {
    invalidateRegisteredTypes(tenantId);
  }
}

function exists(name: string) {
  return new AppError('conflict', `event type "${name}" already exists`, [{ path: 'name', message: 'an event type with this name already exists' }]);
}
