import { Shell } from '@/components/shell/shell';
import { userTenants } from '@/lib/session/tenant-access';
import { requireOperator } from '../_server/guard';

// The operator area: 404 for everyone who is not an operator.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireOperator();
  const tenants = await userTenants(user);
  return (
    <Shell user={user} tenants={tenants}>
      {children}
    </Shell>
  );
}
