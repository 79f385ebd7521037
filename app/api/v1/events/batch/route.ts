import { createEventBatch } from '@/lib/events/create-event-batch';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';

// POST /api/v1/events/batch — { events: [{ type, data, idempotencyKey? }, …] } (1–100) → 202
// { data: [{ …event, replayed }] } in the items' order; all stored in one transaction or none
export const POST = apiRoute('/v1/events/batch', async ({ tenantId, request }) => {
  const { value } = await readJsonBody(request);
  return Response.json(await createEventBatch(tenantId, value), { status: 202 });
});
