import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { operatorRoute } from '../../../../../dashboard-route';

// DELETE /api/dashboard/admin/tenants/:tenantId/api-keys/:keyId — revoke
export const DELETE = operatorRoute('/dashboard/admin/api-keys/:id', async ({ params }) => {
  await revokeApiKey(params.tenantId!, params.keyId!);
  return new Response(null, { status: 204 });
});
