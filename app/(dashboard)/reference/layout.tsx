import { Shell } from '@/components/shell/shell';
import { userTenants } from '@/lib/session/tenant-access';
import { requireUser } from '../_server/guard';

// The API reference is the same for every tenant: any signed-in user may read it.
export default async function ReferenceLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const tenants = await userTenants(user);
  return (
    <Shell user={user} tenants={tenants}>
      {children}
    </Shell>
  );
}
