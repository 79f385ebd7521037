// A user's access to one tenant: operators reach every tenant, everyone else only those
// they are a member of. Another tenant's id is a 404, never a 403, so ids reveal nothing.
import { db } from '../db.ts';
import { AppError, notFound } from '../errors.ts';
import type { SessionUser } from './find-session-user.ts';
import { can, type Permission, type TenantRole } from './permissions.ts';
import { isSystemTenant, SYSTEM_TENANT_IDS, systemTenantOpenTo } from '../tenants/system-tenants.ts';

export type TenantAccess = { tenant: { id: string; name: string }; role: TenantRole };

export async function tenantAccess(user: Pick<SessionUser, 'id' | 'operator'>, tenantId: string, permission: Permission = 'tenant.read'): Promise<TenantAccess> {
  // Hookline's own tenants (the canary's, the operator's) are closed to members; operators
  // may open the operator tenant's, where the operational webhooks are (system-tenants.ts).
  const closed = isSystemTenant(tenantId) && !systemTenantOpenTo(tenantId, user);
  const access = closed ? null : await findAccess(user, tenantId);
  if (!access) throw notFound('tenant');
  if (!can(access.role, permission)) throw new AppError('forbidden', `your role (${access.role}) cannot do this: ${permission}`);
  return access;
}

async function findAccess(user: Pick<SessionUser, 'id' | 'operator'>, tenantId: string): Promise<TenantAccess | null> {
  if (user.operator) {
    const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true } });
    return tenant && { tenant, role: 'operator' };
  }
  const membership = await db().membership.findUnique({
    where: { userId_tenantId: { userId: user.id, tenantId } },
    select: { role: true, tenant: { select: { id: true, name: true } } },
  });
  return membership && { tenant: membership.tenant, role: membership.role };
}

/** The tenants a user can open, for the switcher: every tenant for an operator (but Hookline's own). */
export async function userTenants(user: Pick<SessionUser, 'id' | 'operator'>): Promise<{ id: string; name: string; role: TenantRole }[]> {
  if (user.operator) {
    const tenants = await db().tenant.findMany({ where: { id: { notIn: [...SYSTEM_TENANT_IDS] } }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
    return tenants.map((t) => ({ ...t, role: 'operator' as const }));
  }
  const memberships = await db().membership.findMany({
    where: { userId: user.id },
    select: { role: true, tenant: { select: { id: true, name: true } } },
    orderBy: { tenant: { name: 'asc' } },
  });
  return memberships.map((m) => ({ ...m.tenant, role: m.role }));
}
