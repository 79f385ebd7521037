import { createEventType } from '@/lib/event-types/create-event-type';
import { listEventTypes } from '@/lib/event-types/list-event-types';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';
import { searchParamsOf } from '@/lib/pagination';

// GET /api/v1/event-types — the tenant's catalog by name (?limit&cursor&includeArchived)
export const GET = apiRoute('/v1/event-types', async ({ tenantId, request }) =>
  Response.json(await listEventTypes(tenantId, searchParamsOf(request))),
);

// POST /api/v1/event-types — register a type (an archived name is restored)
export const POST = apiRoute('/v1/event-types', async ({ tenantId, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await createEventType(tenantId, value), { status: 201 });
});
