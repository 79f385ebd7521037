import { getDelivery } from '@/lib/deliveries/get-delivery';
import { apiRoute } from '@/lib/http/api-route';

// GET /api/v1/deliveries/:id — with every attempt
export const GET = apiRoute('/v1/deliveries/:id', async ({ tenantId, params }) => Response.json(await getDelivery(tenantId, params.id!)));
