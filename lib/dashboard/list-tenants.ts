// Operator view of every tenant with what it holds.
import { db } from '../db.ts';
import { SYSTEM_TENANT_IDS } from '../tenants/system-tenants.ts';

export async function listTenants() {
  const tenants = await db().tenant.findMany({
    // Hookline's own tenants (the canary's, the operator's) are not someone's.
    where: { id: { notIn: [...SYSTEM_TENANT_IDS] } },
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
