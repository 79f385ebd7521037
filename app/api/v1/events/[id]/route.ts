import { getEvent } from '@/lib/events/get-event';
import { apiRoute } from '@/lib/http/api-route';

// GET /api/v1/events/:id — the event and its deliveries
export const GET = apiRoute('/v1/events/:id', async ({ tenantId, params }) => Response.json(await getEvent(tenantId, params.id!)));
