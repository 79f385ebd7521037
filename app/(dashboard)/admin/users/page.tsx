import type { Metadata } from 'next';
import { UsersView } from '@/components/admin/users-view';
import { PageHeader } from '@/components/ui/page-header';
import { listTenants } from '@/lib/dashboard/list-tenants';
import { listUsers } from '@/lib/dashboard/list-users';
import { requireOperator } from '../../_server/guard';

export const metadata: Metadata = { title: 'Users · Hookline' };

export default async function UsersPage() {
  await requireOperator();
  const [users, tenants] = await Promise.all([listUsers(), listTenants()]);
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, and to which tenants." />
      <UsersView initial={users} tenants={tenants.map((t) => ({ id: t.id, name: t.name }))} />
    </>
  );
}
