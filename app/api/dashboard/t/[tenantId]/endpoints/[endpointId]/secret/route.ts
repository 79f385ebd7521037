import { getEndpointSecrets } from '@/lib/endpoints/get-endpoint-secrets';
import { tenantRoute } from '../../../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/endpoints/:endpointId/secret — reveal: current secret and those in grace
export const GET = tenantRoute('/dashboard/endpoints/:id/secret', 'secrets.read', async ({ tenantId, params }) =>
  Response.json(await getEndpointSecrets(tenantId, params.endpointId!)),
);
