import { createEventType } from '@/lib/event-types/create-event-type';
import { listCatalog } from '@/lib/event-types/list-event-types';
import { readJsonBody } from '@/lib/http/read-json';
import { searchParamsOf } from '@/lib/pagination';
import { tenantRoute } from '../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/event-types — the whole catalog (?includeArchived=true for archived ones too)
export const GET = tenantRoute('/dashboard/event-types', 'tenant.read', async ({ tenantId, request }) =>
  Response.json(await listCatalog(tenantId, searchParamsOf(request).includeArchived === 'true')),
);

// POST /api/dashboard/t/:tenantId/event-types — admins register a type
export const POST = tenantRoute('/dashboard/event-types', 'endpoints.write', async ({ tenantId, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await createEventType(tenantId, value), { status: 201 });
});
