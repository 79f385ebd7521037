import { listDeliveryRows } from '@/lib/dashboard/list-delivery-rows';
import { searchParamsOf } from '@/lib/pagination';
import { tenantRoute } from '../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/deliveries — ?status&endpointId&eventType&eventId&range&cursor&before
export const GET = tenantRoute('/dashboard/deliveries', 'tenant.read', async ({ tenantId, request }) =>
  Response.json(await listDeliveryRows(tenantId, searchParamsOf(request))),
);
