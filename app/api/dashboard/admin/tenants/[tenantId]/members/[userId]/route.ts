import { removeMembership, setMembershipRole } from '@/lib/dashboard/set-membership';
import { readJsonBody } from '@/lib/http/read-json';
import { operatorRoute } from '../../../../../dashboard-route';

// PATCH /api/dashboard/admin/tenants/:tenantId/members/:userId — { role: admin | member }
export const PATCH = operatorRoute('/dashboard/admin/members/:id', async ({ params, request }) =>
  Response.json(await setMembershipRole(params.tenantId!, params.userId!, (await readJsonBody(request)).value)),
);

// DELETE /api/dashboard/admin/tenants/:tenantId/members/:userId — remove from the tenant
export const DELETE = operatorRoute('/dashboard/admin/members/:id', async ({ params }) => {
  await removeMembership(params.tenantId!, params.userId!);
  return new Response(null, { status: 204 });
});
