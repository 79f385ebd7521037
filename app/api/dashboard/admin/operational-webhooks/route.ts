import { listEndpointRows } from '@/lib/dashboard/endpoint-rows';
import { readJsonBody } from '@/lib/http/read-json';
import { createOperationalEndpoint } from '@/lib/operational-events/create-operational-endpoint';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { operatorRoute } from '../../dashboard-route';

// GET /api/dashboard/admin/operational-webhooks — the operator's receivers of Hookline's own events, with 24 h health
export const GET = operatorRoute('/dashboard/admin/operational-webhooks', async () => Response.json(await listEndpointRows(OPERATOR_TENANT_ID)));

// POST /api/dashboard/admin/operational-webhooks — { url, description?, eventTypes? } → 201 with the secret, once
export const POST = operatorRoute('/dashboard/admin/operational-webhooks', async ({ request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await createOperationalEndpoint(value), { status: 201 });
});
