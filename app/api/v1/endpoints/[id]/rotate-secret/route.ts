import { rotateSecret } from '@/lib/endpoints/rotate-secret';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';

// POST /api/v1/endpoints/:id/rotate-secret — { graceHours? } → the new secret, shown once
export const POST = apiRoute('/v1/endpoints/:id/rotate-secret', async ({ tenantId, params, request }) => {
  const body = request.headers.get('content-length') === '0' || !request.body ? {} : (await readJsonBody(request)).value;
  return Response.json(await rotateSecret(tenantId, params.id!, body));
});
