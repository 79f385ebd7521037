import { createEvent } from '@/lib/events/create-event';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';

// POST /api/v1/events — { type, data } → 202; Idempotency-Key replays the first answer
export const POST = apiRoute('/v1/events', async ({ tenantId, request }) => {
  const { value } = await readJsonBody(request);
  const { event, replayed } = await createEvent(tenantId, value, request.headers.get('idempotency-key'));
  return Response.json(event, { status: 202, headers: replayed ? { 'idempotent-replayed': 'true' } : {} });
});
