import { sendTestEvent } from '@/lib/dashboard/send-test-event';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { operatorRoute } from '../../../../dashboard-route';

// POST /api/dashboard/admin/operational-webhooks/:endpointId/test — a hookline.test event to this endpoint only
export const POST = operatorRoute('/dashboard/admin/operational-webhooks/:id/test', async ({ params }) =>
  Response.json(await sendTestEvent(OPERATOR_TENANT_ID, params.endpointId!), { status: 202 }),
);
