import { rotateSecret } from '@/lib/endpoints/rotate-secret';
import { readJsonBody } from '@/lib/http/read-json';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { operatorRoute } from '../../../../dashboard-route';

// POST /api/dashboard/admin/operational-webhooks/:endpointId/rotate-secret — { graceHours } → the new secret, once
export const POST = operatorRoute('/dashboard/admin/operational-webhooks/:id/rotate-secret', async ({ params, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await rotateSecret(OPERATOR_TENANT_ID, params.endpointId!, value));
});
