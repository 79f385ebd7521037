// The tenant's catalog, by name (a catalog is read alphabetically, unlike the newest-first
// lists): `{ data, nextCursor }` with the last name as the cursor.
import { db } from '../db.ts';
import { ZListEventTypesQuery, type TEventTypePage } from './schema.ts';
import { serializeEventType } from './serialize-event-type.ts';

export async function listEventTypes(tenantId: string, query: Record<string, string>): Promise<TEventTypePage> {
  const page = ZListEventTypesQuery.parse(query);
  const rows = await db().eventType.findMany({
    where: { tenantId, ...(page.includeArchived ? {} : { archivedAt: null }), ...(page.cursor ? { name: { gt: page.cursor } } : {}) },
    orderBy: { name: 'asc' },
    take: page.limit + 1,
  });
  const hasMore = rows.length > page.limit;
  const data = (hasMore ? rows.slice(0, page.limit) : rows).map(serializeEventType);
  return { data, nextCursor: hasMore ? data[data.length - 1]!.name : null };
}

/** The dashboard's whole catalog: tenants register tens of types, not thousands. */
export async function listCatalog(tenantId: string, includeArchived = false) {
  const rows = await db().eventType.findMany({ where: { tenantId, ...(includeArchived ? {} : { archivedAt: null }) }, orderBy: { name: 'asc' }, take: 1000 });
  return rows.map(serializeEventType);
}
