import { sendTestEvent } from '@/lib/dashboard/send-test-event';
import { tenantRoute } from '../../../../../dashboard-route';

// POST /api/dashboard/t/:tenantId/endpoints/:endpointId/test — a hookline.test event to this endpoint only
export const POST = tenantRoute('/dashboard/endpoints/:id/test', 'endpoints.test', async ({ tenantId, params }) =>
  Response.json(await sendTestEvent(tenantId, params.endpointId!), { status: 202 }),
);
