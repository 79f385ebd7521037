import type { Metadata } from 'next';
import { DeliveriesView } from '@/components/deliveries/deliveries-view';
import { PageHeader } from '@/components/ui/page-header';
import { listDeliveryRows } from '@/lib/dashboard/list-delivery-rows';
import { listEndpoints } from '@/lib/endpoints/list-endpoints';
import { requireTenant } from '../../../_server/guard';
import { flatParams, type SearchParams } from '../../../_server/search-params';

export const metadata: Metadata = { title: 'Deliveries · Hookline' };

export default async function DeliveriesPage({ params, searchParams }: { params: Promise<{ tenantId: string }>; searchParams: SearchParams }) {
  const { tenantId } = await params;
  const { tenant } = await requireTenant(tenantId);
  const query = await flatParams(searchParams);
  const [initial, endpoints] = await Promise.all([listDeliveryRows(tenant.id, query), listEndpoints(tenant.id, { limit: '250' })]);
  return (
    <>
      <PageHeader title="Deliveries" description="Every event sent to every endpoint, with each attempt. Updates live." />
      <DeliveriesView
        tenantId={tenant.id}
        initial={initial}
        initialQuery={new URLSearchParams(query).toString()}
        endpoints={endpoints.data.map((e) => ({ id: e.id, url: e.url }))}
      />
    </>
  );
}
