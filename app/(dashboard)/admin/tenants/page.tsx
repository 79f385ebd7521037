import type { Metadata } from 'next';
import { TenantsView } from '@/components/admin/tenants-view';
import { PageHeader } from '@/components/ui/page-header';
import { listTenants } from '@/lib/dashboard/list-tenants';
import { requireOperator } from '../../_server/guard';

export const metadata: Metadata = { title: 'Tenants · Hookline' };

export default async function TenantsPage() {
  await requireOperator();
  const tenants = await listTenants();
  return (
    <>
      <PageHeader title="Tenants" description="Everyone this installation delivers webhooks for." />
      <TenantsView initial={tenants} />
    </>
  );
}
