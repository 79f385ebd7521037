import { createApiKey } from '@/lib/api-keys/create-api-key';
import { listApiKeys } from '@/lib/dashboard/list-api-keys';
import { ZCreateApiKey } from '@/lib/dashboard/schema';
import { readJsonBody } from '@/lib/http/read-json';
import { tenantAccess } from '@/lib/session/tenant-access';
import { operatorRoute } from '../../../../dashboard-route';

// GET /api/dashboard/admin/tenants/:tenantId/api-keys — names and prefixes, never hashes
export const GET = operatorRoute('/dashboard/admin/api-keys', async ({ params, user }) => {
  const { tenant } = await tenantAccess(user, params.tenantId!);
  return Response.json(await listApiKeys(tenant.id));
});

// POST /api/dashboard/admin/tenants/:tenantId/api-keys — { name } → the key, shown once
export const POST = operatorRoute('/dashboard/admin/api-keys', async ({ params, user, request }) => {
  const { tenant } = await tenantAccess(user, params.tenantId!);
  const { name } = ZCreateApiKey.parse((await readJsonBody(request)).value);
  return Response.json(await createApiKey(tenant.id, name), { status: 201 });
});
