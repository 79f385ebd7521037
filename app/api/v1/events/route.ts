import { createEvent } from '@/lib/events/create-event';
import { listEvents } from '@/lib/events/list-events';
import { apiRoute } from '@/lib/http/api-route';
import { readJsonBody } from '@/lib/http/read-json';
import { searchParamsOf } from '@/lib/pagination';

// GET /api/v1/events — ?type&since&until&limit&cursor, newest first, without payloads
export const GET = apiRoute('/v1/events', async ({ tenantId, request }) =>
  Response.json(await listEvents(tenantId, searchParamsOf(request))),
);

// POST /api/v1/events — { type, data } → 202; Idempotency-Key replays the first answer
export const POST = apiRoute('/v1/events', async ({ tenantId, request }) => {
  const { value } = await readJsonBody(request);
  const { event, replayed } = await createEvent(tenantId, value, request.headers.get('idempotency-key'));
  return Response.json(event, { status: 202, headers: replayed ? { 'idempotent-replayed': 'true' } : {} });
});
