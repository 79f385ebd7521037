// Operator view of users, optionally those of one tenant, with their memberships.
import { db } from '../db.ts';

export async function listUsers(tenantId?: string) {
  const users = await db().user.findMany({
    where: tenantId ? { memberships: { some: { tenantId } } } : undefined,
    orderBy: { email: 'asc' },
    select: {
      id: true,
      email: true,
      name: true,
      operator: true,
      createdAt: true,
      memberships: { select: { role: true, tenant: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' } },
    },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    operator: u.operator,
    createdAt: u.createdAt.toISOString(),
    memberships: u.memberships.map((m) => ({ tenantId: m.tenant.id, tenantName: m.tenant.name, role: m.role })),
  }));
}

export type UserRow = Awaited<ReturnType<typeof listUsers>>[number];
