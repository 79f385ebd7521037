import { getEndpointDetail } from '@/lib/dashboard/get-endpoint-detail';
import { deleteEndpoint } from '@/lib/endpoints/delete-endpoint';
import { updateEndpoint } from '@/lib/endpoints/update-endpoint';
import { readJsonBody } from '@/lib/http/read-json';
import { tenantRoute } from '../../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/endpoints/:endpointId — settings, health, secret versions (no values)
export const GET = tenantRoute('/dashboard/endpoints/:id', 'tenant.read', async ({ tenantId, params }) =>
  Response.json(await getEndpointDetail(tenantId, params.endpointId!)),
);

// PATCH /api/dashboard/t/:tenantId/endpoints/:endpointId — admins edit; { disabled } toggles
export const PATCH = tenantRoute('/dashboard/endpoints/:id', 'endpoints.write', async ({ tenantId, params, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await updateEndpoint(tenantId, params.endpointId!, value));
});

// DELETE /api/dashboard/t/:tenantId/endpoints/:endpointId — admins delete it with its history
export const DELETE = tenantRoute('/dashboard/endpoints/:id', 'endpoints.write', async ({ tenantId, params }) => {
  await deleteEndpoint(tenantId, params.endpointId!);
  return new Response(null, { status: 204 });
});
