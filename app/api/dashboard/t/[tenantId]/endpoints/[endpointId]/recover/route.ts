import { recoverEndpoint } from '@/lib/endpoints/recover-endpoint';
import { readJsonBody } from '@/lib/http/read-json';
import { tenantRoute } from '../../../../../dashboard-route';

// POST /api/dashboard/t/:tenantId/endpoints/:endpointId/recover — { since }: retry every failed delivery since then
export const POST = tenantRoute('/dashboard/endpoints/:id/recover', 'endpoints.recover', async ({ tenantId, params, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await recoverEndpoint(tenantId, params.endpointId!, value), { status: 202 });
});
