// What Hookline did on its own to one endpoint (disabled it, opened or closed its
// circuit), newest first. Filtered by tenant as well as endpoint: the caller's tenant is
// the only one whose events it can return. Ids start with their creation time, so
// "newest first" is the (endpoint_id, id) index read backwards.
import { db } from '../db.ts';

export type OperationalEventItem = { id: string; type: string; message: string; createdAt: string };

export async function endpointOperationalEvents(tenantId: string, endpointId: string, limit = 20): Promise<OperationalEventItem[]> {
  const rows = await db().operationalEvent.findMany({
    where: { tenantId, endpointId },
    select: { id: true, type: true, message: true, createdAt: true },
    orderBy: { id: 'desc' },
    take: limit,
  });
  return rows.map((r) => ({ id: r.id, type: r.type, message: r.message, createdAt: r.createdAt.toISOString() }));
}
