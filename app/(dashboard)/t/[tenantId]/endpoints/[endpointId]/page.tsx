import type { Metadata } from 'next';
import { EndpointView } from '@/components/endpoints/endpoint-view';
import { getEndpointDetail } from '@/lib/dashboard/get-endpoint-detail';
import { hourlyStats } from '@/lib/dashboard/hourly-stats';
import { listDeliveryRows } from '@/lib/dashboard/list-delivery-rows';
import { orNotFound, requireTenant } from '../../../../_server/guard';

export const metadata: Metadata = { title: 'Endpoint · Hookline' };

export default async function EndpointPage({ params }: { params: Promise<{ tenantId: string; endpointId: string }> }) {
  const { tenantId, endpointId } = await params;
  const { tenant, role } = await requireTenant(tenantId);
  // Scoped by tenant first: another tenant's endpoint id is a 404 before anything else is read.
  const endpoint = await orNotFound(getEndpointDetail(tenant.id, endpointId));
  const [deliveries, stats] = await Promise.all([
    listDeliveryRows(tenant.id, { endpointId: endpoint.id, limit: '10' }),
    hourlyStats(tenant.id, { endpointId: endpoint.id }),
  ]);
  return <EndpointView tenantId={tenant.id} role={role} initial={endpoint} initialDeliveries={deliveries} initialStats={stats} />;
}
