import { getDeliveryDetail } from '@/lib/dashboard/delivery-detail';
import { tenantRoute } from '../../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/deliveries/:deliveryId — with the event body and every attempt
export const GET = tenantRoute('/dashboard/deliveries/:id', 'tenant.read', async ({ tenantId, params }) =>
  Response.json(await getDeliveryDetail(tenantId, params.deliveryId!)),
);
