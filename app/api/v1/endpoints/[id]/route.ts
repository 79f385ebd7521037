import { deleteEndpoint } from '@/lib/endpoints/delete-endpoint';
import { findEndpoint } from '@/lib/endpoints/find-endpoint';
import { serializeEndpoint } from '@/lib/endpoints/serialize-endpoint';
import { updateEndpoint } from '@/lib/endpoints/update-endpoint';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';

// GET /api/v1/endpoints/:id
export const GET = apiRoute('/v1/endpoints/:id', async ({ tenantId, params }) =>
  Response.json(serializeEndpoint(await findEndpoint(tenantId, params.id!))),
);

// PATCH /api/v1/endpoints/:id — change url, filter, description; { disabled } toggles
export const PATCH = apiRoute('/v1/endpoints/:id', async ({ tenantId, params, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await updateEndpoint(tenantId, params.id!, value));
});

// DELETE /api/v1/endpoints/:id — with its secrets and delivery history
export const DELETE = apiRoute('/v1/endpoints/:id', async ({ tenantId, params }) => {
  await deleteEndpoint(tenantId, params.id!);
  return new Response(null, { status: 204 });
});
