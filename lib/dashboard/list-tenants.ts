// Operator view of every tenant with what it holds.
import { CANARY_TENANT_ID } from '../canary/canary-ids.ts';
import { db } from '../db.ts';

export async function listTenants() {
  const tenants = await db().tenant.findMany({
    // The system canary's tenant (lib/canary) is Hookline's own, not someone's.
    where: { id: { not: CANARY_TENANT_ID } },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      createdAt: true,
      _count: { select: { endpoints: true, memberships: true, apiKeys: { where: { revokedAt: null } } } },
    },
  });
  return tenants.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    endpoints: t._count.endpoints,
    members: t._count.memberships,
    activeApiKeys: t._count.apiKeys,
  }));
}

export type TenantRow = Awaited<ReturnType<typeof listTenants>>[number];
