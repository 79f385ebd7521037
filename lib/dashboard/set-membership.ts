// Operators change a member's role in a tenant, or remove them from it.
import { db } from '../db.ts';
import { notFound } from '../errors.ts';
import { isSystemTenant } from '../tenants/system-tenants.ts';
import { ZSetMembership } from './schema.ts';

export async function setMembershipRole(tenantId: string, userId: string, body: unknown) {
  const { role } = ZSetMembership.parse(body);
  // Nobody is a member of Hookline's own tenants; removing a stray membership stays possible.
  if (isSystemTenant(tenantId)) throw notFound('tenant');
  const { count } = await db().membership.updateMany({ where: { tenantId, userId }, data: { role } });
  if (count === 0) throw notFound('membership');
  return { tenantId, userId, role };
}

export async function removeMembership(tenantId: string, userId: string) {
  const { count } = await db().membership.deleteMany({ where: { tenantId, userId } });
  if (count === 0) throw notFound('membership');
}
