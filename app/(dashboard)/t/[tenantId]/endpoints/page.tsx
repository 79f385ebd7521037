import type { Metadata } from 'next';
import { EndpointsView } from '@/components/endpoints/endpoints-view';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { listEndpointRows } from '@/lib/dashboard/endpoint-rows';
import { can } from '@/lib/session/permissions';
import { requireTenant } from '../../../_server/guard';

export const metadata: Metadata = { title: 'Endpoints · Hookline' };

export default async function EndpointsPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const { tenant, role } = await requireTenant(tenantId);
  const rows = await listEndpointRows(tenant.id);
  return (
    <>
      <PageHeader
        title="Endpoints"
        description="Where this tenant's webhooks go, and how each is doing over the last 24 hours."
        actions={can(role, 'endpoints.write') && <ButtonLink variant="primary" href={`/t/${tenant.id}/endpoints/new`}>Add endpoint</ButtonLink>}
      />
      <EndpointsView tenantId={tenant.id} role={role} initial={rows} />
    </>
  );
}
