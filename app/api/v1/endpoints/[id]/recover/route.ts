import { recoverEndpoint } from '@/lib/endpoints/recover-endpoint';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';

// POST /api/v1/endpoints/:id/recover — { since, until? }: one more attempt for each failed delivery
export const POST = apiRoute('/v1/endpoints/:id/recover', async ({ tenantId, params, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await recoverEndpoint(tenantId, params.id!, value), { status: 202 });
});
