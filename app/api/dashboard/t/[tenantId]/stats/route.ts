import { hourlyStats } from '@/lib/dashboard/hourly-stats';
import { searchParamsOf } from '@/lib/pagination';
import { tenantRoute } from '../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/stats?endpointId&hours — deliveries per hour by outcome, latency
export const GET = tenantRoute('/dashboard/stats', 'tenant.read', async ({ tenantId, request }) =>
  Response.json(await hourlyStats(tenantId, searchParamsOf(request))),
);
