import { listTenants } from '@/lib/dashboard/list-tenants';
import { readJsonBody } from '@/lib/http/read-json';
import { createTenant } from '@/lib/tenants/create-tenant';
import { operatorRoute } from '../../dashboard-route';

// GET /api/dashboard/admin/tenants — every tenant (operators)
export const GET = operatorRoute('/dashboard/admin/tenants', async () => Response.json(await listTenants()));

// POST /api/dashboard/admin/tenants — { name } → the tenant and its first API key, shown once
export const POST = operatorRoute('/dashboard/admin/tenants', async ({ request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await createTenant(value), { status: 201 });
});
