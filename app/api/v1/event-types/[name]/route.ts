import { archiveEventType } from '@/lib/event-types/archive-event-type';
import { findEventType } from '@/lib/event-types/find-event-type';
import { serializeEventType } from '@/lib/event-types/serialize-event-type';
import { updateEventType } from '@/lib/event-types/update-event-type';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';

// A name holding "/" (billing/invoice.paid) is sent with it encoded: billing%2Finvoice.paid.

// GET /api/v1/event-types/:name — archived ones too
export const GET = apiRoute('/v1/event-types/:name', async ({ tenantId, params }) =>
  Response.json(serializeEventType(await findEventType(tenantId, { name: params.name! }))),
);

// PATCH /api/v1/event-types/:name — description, schema, example; { archived } archives or restores
export const PATCH = apiRoute('/v1/event-types/:name', async ({ tenantId, params, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await updateEventType(tenantId, { name: params.name! }, value));
});

// DELETE /api/v1/event-types/:name — archives: events of the type are no longer validated
export const DELETE = apiRoute('/v1/event-types/:name', async ({ tenantId, params }) => {
  await archiveEventType(tenantId, { name: params.name! });
  return new Response(null, { status: 204 });
});
