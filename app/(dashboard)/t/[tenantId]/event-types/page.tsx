import type { Metadata } from 'next';
import { EventTypesView } from '@/components/event-types/event-types-view';
import { listCatalog } from '@/lib/event-types/list-event-types';
import { requireTenant } from '../../../_server/guard';

export const metadata: Metadata = { title: 'Event types · Hookline' };

// Everyone in the tenant reads the catalog; admins register, edit and archive types.
export default async function EventTypesPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const { tenant, role } = await requireTenant(tenantId);
  const types = await listCatalog(tenant.id);
  return <EventTypesView tenantId={tenant.id} role={role} initial={types} />;
}
