import { getEndpointSecrets } from '@/lib/endpoints/get-endpoint-secrets';
import { apiRoute } from '@/lib/http/api-route';

// GET /api/v1/endpoints/:id/secret — the current secret and those still in rotation grace
export const GET = apiRoute('/v1/endpoints/:id/secret', async ({ tenantId, params }) =>
  Response.json(await getEndpointSecrets(tenantId, params.id!)),
);
