import { db } from '../db.ts';
import { notFound } from '../errors.ts';

/** The API names a type by its name, the dashboard by its id. */
export type EventTypeKey = { name: string } | { id: string };

/** The tenant's event type (archived ones too), or 404: another tenant's is indistinguishable from a missing one. */
export async function findEventType(tenantId: string, key: EventTypeKey) {
  const eventType = await db().eventType.findFirst({ where: { ...key, tenantId } });
  if (!eventType) throw notFound('event type');
  return eventType;
}
