import { rotateSecret } from '@/lib/endpoints/rotate-secret';
import { readJsonBody } from '@/lib/http/read-json';
import { tenantRoute } from '../../../../../dashboard-route';

// POST /api/dashboard/t/:tenantId/endpoints/:endpointId/rotate-secret — { graceHours } → the new secret, once
export const POST = tenantRoute('/dashboard/endpoints/:id/rotate-secret', 'secrets.rotate', async ({ tenantId, params, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await rotateSecret(tenantId, params.endpointId!, value));
});
