import { listDeliveries } from '@/lib/deliveries/list-deliveries';
import { apiRoute } from '@/lib/http/api-route';
import { searchParamsOf } from '@/lib/pagination';

// GET /api/v1/deliveries — ?status&endpointId&eventId&eventType&since&until&limit&cursor
export const GET = apiRoute('/v1/deliveries', async ({ tenantId, request }) =>
  Response.json(await listDeliveries(tenantId, searchParamsOf(request))),
);
