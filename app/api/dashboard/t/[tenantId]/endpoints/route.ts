import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { listEndpointRows } from '@/lib/dashboard/endpoint-rows';
import { readJsonBody } from '@/lib/http/read-json';
import { tenantRoute } from '../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/endpoints — every endpoint with its 24 h health
export const GET = tenantRoute('/dashboard/endpoints', 'tenant.read', async ({ tenantId }) => Response.json(await listEndpointRows(tenantId)));

// POST /api/dashboard/t/:tenantId/endpoints — admins register an endpoint; the secret is in the answer, once
export const POST = tenantRoute('/dashboard/endpoints', 'endpoints.write', async ({ tenantId, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await createEndpoint(tenantId, value), { status: 201 });
});
