import { retryDelivery } from '@/lib/deliveries/retry-delivery';
import { apiRoute } from '@/lib/http/api-route';

// POST /api/v1/deliveries/:id/retry — one immediate extra attempt
export const POST = apiRoute('/v1/deliveries/:id/retry', async ({ tenantId, params }) =>
  Response.json(await retryDelivery(tenantId, params.id!), { status: 202 }),
);
