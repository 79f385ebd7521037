import { archiveEventType } from '@/lib/event-types/archive-event-type';
import { findEventType } from '@/lib/event-types/find-event-type';
import { serializeEventType } from '@/lib/event-types/serialize-event-type';
import { updateEventType } from '@/lib/event-types/update-event-type';
import { readJsonBody } from '@/lib/http/read-json';
import { tenantRoute } from '../../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/event-types/:eventTypeId
export const GET = tenantRoute('/dashboard/event-types/:id', 'tenant.read', async ({ tenantId, params }) =>
  Response.json(serializeEventType(await findEventType(tenantId, { id: params.eventTypeId! }))),
);

// PATCH /api/dashboard/t/:tenantId/event-types/:eventTypeId — admins edit; { archived: false } restores
export const PATCH = tenantRoute('/dashboard/event-types/:id', 'endpoints.write', async ({ tenantId, params, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await updateEventType(tenantId, { id: params.eventTypeId! }, value));
});

// DELETE /api/dashboard/t/:tenantId/event-types/:eventTypeId — admins archive it
export const DELETE = tenantRoute('/dashboard/event-types/:id', 'endpoints.write', async ({ tenantId, params }) => {
  await archiveEventType(tenantId, { id: params.eventTypeId! });
  return new Response(null, { status: 204 });
});
