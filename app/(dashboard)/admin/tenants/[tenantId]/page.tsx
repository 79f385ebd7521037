import type { Metadata } from 'next';
import Link from 'next/link';
import { TenantAdminView } from '@/components/admin/tenant-admin-view';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { listApiKeys } from '@/lib/dashboard/list-api-keys';
import { listUsers } from '@/lib/dashboard/list-users';
import { tenantAccess } from '@/lib/session/tenant-access';
import { orNotFound, requireOperator } from '../../../_server/guard';

export const metadata: Metadata = { title: 'Tenant · Hookline' };

export default async function TenantAdminPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const user = await requireOperator();
  const { tenant } = await orNotFound(tenantAccess(user, tenantId));
  const [members, keys] = await Promise.all([listUsers(tenant.id), listApiKeys(tenant.id)]);
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/admin/tenants" className="hover:text-slate-900">Tenants</Link>}
        title={tenant.name}
        description={<span className="font-mono text-xs">{tenant.id}</span>}
        actions={<ButtonLink href={`/t/${tenant.id}`}>Open dashboard</ButtonLink>}
      />
      <TenantAdminView tenant={tenant} initialMembers={members} initialKeys={keys} />
    </>
  );
}
