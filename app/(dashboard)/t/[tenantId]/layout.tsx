import { Shell } from '@/components/shell/shell';
import { userTenants } from '@/lib/session/tenant-access';
import { requireTenant } from '../../_server/guard';

export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const { user, tenant, role } = await requireTenant(tenantId);
  const tenants = await userTenants(user);
  return (
    <Shell user={user} tenants={tenants} current={{ tenant, role }}>
      {children}
    </Shell>
  );
}
