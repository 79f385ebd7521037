// Operator view of every tenant with what it holds.
import { db } from '../db.ts';

export async function listTenants() {
  const tenants = await db().tenant.findMany({
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
