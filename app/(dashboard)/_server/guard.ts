// Server-side gates for dashboard pages: no session → /login; another tenant, or a
// resource of another tenant → 404 (the same page a missing id gets).
import { notFound, redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { getSessionUser, type SessionUser } from '@/app/_server/session/get-session-user';
import type { Permission } from '@/lib/session/permissions';
import { tenantAccess, type TenantAccess } from '@/lib/session/tenant-access';

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login');
  return user;
}

export async function requireTenant(tenantId: string, permission?: Permission): Promise<TenantAccess & { user: SessionUser }> {
  const user = await requireUser();
  const access = await orNotFound(tenantAccess(user, tenantId, permission));
  return { ...access, user };
}

export async function requireOperator(): Promise<SessionUser> {
  const user = await requireUser();
  if (!user.operator) notFound();
  return user;
}

/** A lib call whose not_found (and, for pages, forbidden) becomes Next's 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden')) notFound();
    throw error;
  }
}
