// The operator's feed of what Hookline did on its own, across every tenant: endpoints
// disabled, circuits opened and closed. Newest first (ids start with their creation
// time, so this reads the primary key backwards), with the tenant's name and the
// endpoint's URL while the endpoint still exists (events outlive deleted endpoints).
// Not the canary's (lib/canary): they show as its state on its card. The operator
// tenant's do show: its endpoints failing send no webhook (no loops), only these.
import { CANARY_TENANT_ID } from '../canary/canary-ids.ts';
import { db } from '../db.ts';

export type OperationalEventRow = {
  id: string;
  type: string;
  message: string;
  createdAt: string;
  tenantId: string;
  tenantName: string;
  endpointId: string | null;
  endpointUrl: string | null;
};

export async function recentOperationalEvents(limit = 50): Promise<OperationalEventRow[]> {
  const events = await db().operationalEvent.findMany({
    where: { tenantId: { not: CANARY_TENANT_ID } },
    select: { id: true, type: true, message: true, createdAt: true, tenantId: true, endpointId: true, tenant: { select: { name: true } } },
    orderBy: { id: 'desc' },
    take: limit,
  });
  const endpointIds = [...new Set(events.flatMap((e) => (e.endpointId ? [e.endpointId] : [])))];
  const endpoints = endpointIds.length
    ? await db().endpoint.findMany({ where: { id: { in: endpointIds } }, select: { id: true, tenantId: true, url: true } })
    : [];
  // Keyed by tenant too: an event only ever names its own tenant's endpoint.
  const urls = new Map(endpoints.map((e) => [`${e.tenantId}:${e.id}`, e.url]));
  return events.map((e) => ({
    id: e.id,
    type: e.type,
    message: e.message,
    createdAt: e.createdAt.toISOString(),
    tenantId: e.tenantId,
    tenantName: e.tenant.name,
    endpointId: e.endpointId,
    endpointUrl: e.endpointId ? (urls.get(`${e.tenantId}:${e.endpointId}`) ?? null) : null,
  }));
}
