import { getEndpointSecrets } from '@/lib/endpoints/get-endpoint-secrets';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { operatorRoute } from '../../../../dashboard-route';

// GET /api/dashboard/admin/operational-webhooks/:endpointId/secret — reveal: current secret and those in grace
export const GET = operatorRoute('/dashboard/admin/operational-webhooks/:id/secret', async ({ params }) =>
  Response.json(await getEndpointSecrets(OPERATOR_TENANT_ID, params.endpointId!)),
);
