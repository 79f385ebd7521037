import type { Metadata } from 'next';
import { OverviewView } from '@/components/overview/overview-view';
import { PageHeader } from '@/components/ui/page-header';
import { hourlyStats } from '@/lib/dashboard/hourly-stats';
import { listDeliveryRows } from '@/lib/dashboard/list-delivery-rows';
import { tenantOverview } from '@/lib/dashboard/tenant-overview';
import { requireTenant } from '../../_server/guard';

export const metadata: Metadata = { title: 'Overview · Hookline' };

export default async function OverviewPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const { tenant } = await requireTenant(tenantId);
  const [overview, stats, failures] = await Promise.all([
    tenantOverview(tenant.id),
    hourlyStats(tenant.id, {}),
    listDeliveryRows(tenant.id, { status: 'failed', limit: '5' }),
  ]);
  return (
    <>
      <PageHeader title={tenant.name} description="Webhook traffic of the last 24 hours." />
      <OverviewView tenantId={tenant.id} initial={overview} initialStats={stats} initialFailures={failures} />
    </>
  );
}
