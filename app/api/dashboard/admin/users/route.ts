import { listUsers } from '@/lib/dashboard/list-users';
import { readJsonBody } from '@/lib/http/read-json';
import { createUser } from '@/lib/users/create-user';
import { operatorRoute } from '../../dashboard-route';

// GET /api/dashboard/admin/users — every user with their memberships
export const GET = operatorRoute('/dashboard/admin/users', async () => Response.json(await listUsers()));

// POST /api/dashboard/admin/users — create a user, or add an existing one to a tenant with a role
export const POST = operatorRoute('/dashboard/admin/users', async ({ request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await createUser(value), { status: 201 });
});
