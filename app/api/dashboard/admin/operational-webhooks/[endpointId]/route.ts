import { deleteEndpoint } from '@/lib/endpoints/delete-endpoint';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { operatorRoute } from '../../../dashboard-route';

// DELETE /api/dashboard/admin/operational-webhooks/:endpointId — stop sending operational webhooks there
export const DELETE = operatorRoute('/dashboard/admin/operational-webhooks/:id', async ({ params }) => {
  await deleteEndpoint(OPERATOR_TENANT_ID, params.endpointId!);
  return new Response(null, { status: 204 });
});
