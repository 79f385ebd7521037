import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { listEndpoints } from '@/lib/endpoints/list-endpoints';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';
import { searchParamsOf } from '@/lib/pagination';

// GET /api/v1/endpoints — the tenant's endpoints, newest first, cursor-paginated
export const GET = apiRoute('/v1/endpoints', async ({ tenantId, request }) =>
  Response.json(await listEndpoints(tenantId, searchParamsOf(request))),
);

// POST /api/v1/endpoints — register an endpoint; the answer carries its secret, once
export const POST = apiRoute('/v1/endpoints', async ({ tenantId, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await createEndpoint(tenantId, value), { status: 201 });
});
