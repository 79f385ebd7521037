import { hashPassword } from '../auth/password.ts';
import { db } from '../db.ts';
import { AppError, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { isSystemTenant } from '../tenants/system-tenants.ts';
import { ZCreateUser } from './schema.ts';

/**
 * Creates a user, or adds an existing one (same email) to another tenant. Operators
 * see every tenant; admins and members get a membership in theirs.
 */
export async function createUser(input: unknown) {
  const user = ZCreateUser.parse(input);
  // Nobody is a member of Hookline's own tenants (lib/tenants/system-tenants.ts): not found, as elsewhere.
  if (user.tenantId && isSystemTenant(user.tenantId)) throw notFound('tenant');
  return db().$transaction(async (tx) => {
    if (user.tenantId && !(await tx.tenant.findUnique({ where: { id: user.tenantId } }))) throw notFound('tenant');
    const existing = await tx.user.findUnique({ where: { email: user.email } });
    if (existing && !user.tenantId) throw new AppError('conflict', `a user with email ${user.email} already exists`);
    const row =
      existing ??
      (await tx.user.create({
        data: { id: newId('user'), email: user.email, name: user.name, passwordHash: await hashPassword(user.password), operator: user.role === 'operator' },
      }));
    if (user.tenantId && user.role !== 'operator') {
      await tx.membership.upsert({
        where: { userId_tenantId: { userId: row.id, tenantId: user.tenantId } },
        create: { userId: row.id, tenantId: user.tenantId, role: user.role },
        update: { role: user.role },
      });
    }
    return { id: row.id, email: row.email, operator: row.operator, tenantId: user.tenantId ?? null, role: user.role };
  });
}
