import { retryDelivery } from '@/lib/deliveries/retry-delivery';
import { tenantRoute } from '../../../../../dashboard-route';

// POST /api/dashboard/t/:tenantId/deliveries/:deliveryId/retry — one immediate extra attempt
export const POST = tenantRoute('/dashboard/deliveries/:id/retry', 'deliveries.retry', async ({ tenantId, params }) =>
  Response.json(await retryDelivery(tenantId, params.deliveryId!), { status: 202 }),
);
