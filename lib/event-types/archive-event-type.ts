// Archives a type: it leaves the catalog and ingest stops checking its events (they are
// accepted like any unregistered type). The row stays, so the name can be restored.
import { db } from '../db.ts';
import { findEventType, type EventTypeKey } from './find-event-type.ts';
import { invalidateRegisteredTypes } from './registered-types.ts';

export async function archiveEventType(tenantId: string, key: EventTypeKey): Promise<void> {
  const current = await findEventType(tenantId, key);
  if (!current.archivedAt) await db().eventType.update({ where: { id: current.id }, data: { archivedAt: new Date() } });
  invalidateRegisteredTypes(tenantId);
}
