import type { Metadata } from 'next';
import { DeliveryView } from '@/components/deliveries/delivery-view';
import { getDeliveryDetail } from '@/lib/dashboard/delivery-detail';
import { orNotFound, requireTenant } from '../../../../_server/guard';

export const metadata: Metadata = { title: 'Delivery · Hookline' };

export default async function DeliveryPage({ params }: { params: Promise<{ tenantId: string; deliveryId: string }> }) {
  const { tenantId, deliveryId } = await params;
  const { tenant, role } = await requireTenant(tenantId);
  // Scoped by tenant: another tenant's delivery id is a 404 like a missing one.
  const delivery = await orNotFound(getDeliveryDetail(tenant.id, deliveryId));
  return <DeliveryView tenantId={tenant.id} role={role} initial={delivery} />;
}
